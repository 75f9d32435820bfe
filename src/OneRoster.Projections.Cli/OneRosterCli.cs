using OneRoster.Projections.Cli.Parity;
using OneRoster.Projections.Cli.Replay;
using Spectre.Console;
using Spectre.Console.Cli;

namespace OneRoster.Projections.Cli;

/// <summary>
/// The operator's command line: one executable, one command per task (README, "Operating"). Built here
/// rather than in Program.cs so tests run exactly what the executable runs, on a console they read.
/// </summary>
public static class OneRosterCli
{
    /// <summary>Exit code of a command line that could not run (bad options, an unexpected failure).</summary>
    public const int UsageError = 2;

    public static CommandApp Create(IAnsiConsole? console = null)
    {
        var app = new CommandApp();
        app.Configure(config =>
        {
            config.SetApplicationName("oneroster");
            config.UseStrictParsing();
            if (console is not null)
            {
                config.ConfigureConsole(console);
            }
            // A message and exit code 2, never a stack trace: an operator reads this, not a developer.
            config.SetExceptionHandler(
                (exception, _) =>
                {
                    (console ?? AnsiConsole.Console).MarkupLineInterpolated(
                        $"[red]error:[/] {exception.Message}"
                    );
                    return UsageError;
                }
            );
            config
                .AddCommand<VersionCommand>("version")
                .WithDescription("Print the CLI and mapping versions.");
            config.AddBranch("clients", clients =>
            {
                clients.SetDescription("API clients (OAuth2 client credentials) of the OneRoster API.");
                clients
                    .AddCommand<CreateClientCommand>("create")
                    .WithDescription("Create a client; prints its secret once.");
                clients
                    .AddCommand<ListClientsCommand>("list")
                    .WithDescription("List clients (never their secrets).");
                clients
                    .AddCommand<RotateClientCommand>("rotate")
                    .WithDescription("Give a client a new secret; prints it once.");
                clients
                    .AddCommand<RevokeClientCommand>("revoke")
                    .WithDescription("Stop a client from getting tokens.");
            });
            config.AddBranch("tenants", tenants =>
            {
                tenants.SetDescription(
                    "Tenants (Ed-Fi sources) kept in PostgreSQL, picked up without restarts."
                );
                tenants.AddCommand<AddTenantCommand>("add").WithDescription("Add or update a tenant.");
                tenants.AddCommand<ListTenantsCommand>("list").WithDescription("List tenants.");
                tenants
                    .AddCommand<RemoveTenantCommand>("remove")
                    .WithDescription("Remove a tenant and all of its data.");
            });
            config
                .AddCommand<ReplayCommand>("replay")
                .WithDescription(
                    "Recompute every OneRoster document of a tenant (or all) from the source store, with progress."
                )
                .WithExample("replay", "--tenant", "grand-bend");
            config
                .AddCommand<ParityCommand>("parity")
                .WithDescription(
                    "Compare every collection a running rostering API serves with a folder of expected documents."
                )
                .WithExample(
                    "parity",
                    "--api",
                    "http://127.0.0.1:8080/ims/oneroster/rostering/v1p2",
                    "--expected",
                    "reference-dump/"
                );
        });
        return app;
    }
}
