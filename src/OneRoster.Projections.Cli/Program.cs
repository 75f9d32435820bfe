using OneRoster.Projections.Cli;
using Spectre.Console.Cli;

// The operator's command line: one executable, one command per task (see README, "Operating").
var app = new CommandApp();
app.Configure(config =>
{
    config.SetApplicationName("oneroster");
    config.PropagateExceptions();
    config.AddCommand<VersionCommand>("version").WithDescription("Print the CLI and mapping versions.");
    config.AddBranch("clients", clients =>
    {
        clients.SetDescription("API clients (OAuth2 client credentials) of the OneRoster API.");
        clients
            .AddCommand<CreateClientCommand>("create")
            .WithDescription("Create a client; prints its secret once.");
        clients.AddCommand<ListClientsCommand>("list").WithDescription("List clients (never their secrets).");
        clients
            .AddCommand<RotateClientCommand>("rotate")
            .WithDescription("Give a client a new secret; prints it once.");
        clients
            .AddCommand<RevokeClientCommand>("revoke")
            .WithDescription("Stop a client from getting tokens.");
    });
    config.AddBranch("tenants", tenants =>
    {
        tenants.SetDescription("Tenants (Ed-Fi sources) kept in PostgreSQL, picked up without restarts.");
        tenants.AddCommand<AddTenantCommand>("add").WithDescription("Add or update a tenant.");
        tenants.AddCommand<ListTenantsCommand>("list").WithDescription("List tenants.");
        tenants
            .AddCommand<RemoveTenantCommand>("remove")
            .WithDescription("Remove a tenant and all of its data.");
    });
});
return await app.RunAsync(args);
