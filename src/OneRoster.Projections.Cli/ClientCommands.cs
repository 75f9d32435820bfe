using System.ComponentModel;
using OneRoster.Projections.Storage.Security;
using Spectre.Console;
using Spectre.Console.Cli;

namespace OneRoster.Projections.Cli;

/// <summary><c>oneroster clients create</c>: a new API client; its secret is printed once and never again.</summary>
public sealed class CreateClientCommand : AsyncCommand<CreateClientCommand.Settings>
{
    public sealed class Settings : DatabaseSettings
    {
        [CommandOption("--tenant <TENANT>")]
        [Description("The tenant whose data the client reads.")]
        public string Tenant { get; init; } = "default";

        [CommandOption("--name <NAME>")]
        [Description("Who the credential is for, shown by 'clients list'.")]
        public string Name { get; init; } = "";

        [CommandOption("--edorg <ID>")]
        [Description(
            "An education organization (school, LEA or SEA id) to limit the client to; repeatable. None: the whole tenant."
        )]
        public long[] EducationOrganizationIds { get; init; } = [];

        [CommandOption("--scope <URI>")]
        [Description("A OneRoster scope the client may hold; repeatable. None: all three rostering scopes.")]
        public string[] Scopes { get; init; } = [];

        public override ValidationResult Validate() =>
            string.IsNullOrWhiteSpace(Name)
                ? ValidationResult.Error("--name is required: it tells clients apart in 'clients list'.")
            : Scopes.FirstOrDefault(scope => !OneRosterScopes.IsKnown(scope)) is { } unknown
                ? ValidationResult.Error(
                    $"Unknown scope '{unknown}'; --scope takes one of: {string.Join(", ", OneRosterScopes.All)}."
                )
            : ValidationResult.Success();
    }

    public override async Task<int> ExecuteAsync(
        CommandContext context,
        Settings settings,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(settings);
        using var store = settings.OpenStore();
        var credential = await new ApiClients(store, TimeProvider.System).CreateAsync(
            settings.Tenant,
            settings.Name,
            settings.EducationOrganizationIds,
            settings.Scopes,
            cancellationToken
        );
        ClientOutput.WriteCredential(credential);
        return 0;
    }
}

/// <summary><c>oneroster clients list</c>: every client (never a secret), optionally of one tenant.</summary>
public sealed class ListClientsCommand : AsyncCommand<ListClientsCommand.Settings>
{
    public sealed class Settings : DatabaseSettings
    {
        [CommandOption("--tenant <TENANT>")]
        public string? Tenant { get; init; }
    }

    public override async Task<int> ExecuteAsync(
        CommandContext context,
        Settings settings,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(settings);
        using var store = settings.OpenStore();
        var clients = await new ApiClients(store, TimeProvider.System).ListAsync(
            settings.Tenant,
            cancellationToken
        );
        // The id column never wraps, so an operator can copy an id to rotate or revoke it.
        var table = new Table()
            .AddColumns(new TableColumn("client_id").NoWrap())
            .AddColumns("name", "tenant", "edorgs", "scopes", "created", "state");
        foreach (var client in clients)
        {
            table.AddRow(
                Markup.Escape(client.Id),
                Markup.Escape(client.Name),
                Markup.Escape(client.Tenant),
                client.EducationOrganizationIds.Count == 0
                    ? "(all)"
                    : string.Join(",", client.EducationOrganizationIds),
                Markup.Escape(string.Join(" ", client.Scopes.Select(s => s[(s.LastIndexOf('/') + 1)..]))),
                client.CreatedAt.ToString("u", System.Globalization.CultureInfo.InvariantCulture),
                client.IsRevoked ? "revoked" : "active"
            );
        }

        AnsiConsole.Write(table);
        return 0;
    }
}

/// <summary>Settings of the commands that name one client.</summary>
public sealed class ClientIdSettings : DatabaseSettings
{
    [CommandArgument(0, "<CLIENT_ID>")]
    public string ClientId { get; init; } = "";
}

/// <summary><c>oneroster clients rotate</c>: a new secret, printed once; the old one stops working.</summary>
public sealed class RotateClientCommand : AsyncCommand<ClientIdSettings>
{
    public override async Task<int> ExecuteAsync(
        CommandContext context,
        ClientIdSettings settings,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(settings);
        using var store = settings.OpenStore();
        var credential = await new ApiClients(store, TimeProvider.System).RotateAsync(
            settings.ClientId,
            cancellationToken
        );
        if (credential is null)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]No active client {settings.ClientId}.[/]");
            return 1;
        }

        ClientOutput.WriteCredential(credential);
        return 0;
    }
}

/// <summary><c>oneroster clients revoke</c>: the client gets no more tokens (issued ones run out within their lifetime).</summary>
public sealed class RevokeClientCommand : AsyncCommand<ClientIdSettings>
{
    public override async Task<int> ExecuteAsync(
        CommandContext context,
        ClientIdSettings settings,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(settings);
        using var store = settings.OpenStore();
        if (
            !await new ApiClients(store, TimeProvider.System).RevokeAsync(
                settings.ClientId,
                cancellationToken
            )
        )
        {
            AnsiConsole.MarkupLineInterpolated($"[red]No client {settings.ClientId}.[/]");
            return 1;
        }

        AnsiConsole.MarkupLineInterpolated($"Revoked {settings.ClientId}.");
        return 0;
    }
}

internal static class ClientOutput
{
    /// <summary>Plain <c>key=value</c> lines on standard output, so scripts can read them.</summary>
    public static void WriteCredential(IssuedCredential credential)
    {
        Console.Out.WriteLine($"client_id={credential.Client.Id}");
        Console.Out.WriteLine($"client_secret={credential.Secret}");
        Console.Out.WriteLine($"tenant={credential.Client.Tenant}");
        Console.Error.WriteLine("The secret is shown only now; keep it safe.");
    }
}
