using System.ComponentModel;
using Marten;
using OneRoster.Projections.Storage;
using Spectre.Console;
using Spectre.Console.Cli;

namespace OneRoster.Projections.Cli;

/// <summary>
/// <c>oneroster tenants add</c>: an Ed-Fi source the poller starts reading, and the API starts serving
/// under <c>/{tenant}/…</c>, within seconds and without a restart.
/// </summary>
public sealed class AddTenantCommand : AsyncCommand<AddTenantCommand.Settings>
{
    public sealed class Settings : DatabaseSettings
    {
        [CommandArgument(0, "<TENANT>")]
        public string Tenant { get; init; } = "";

        [CommandOption("--base-url <URL>")]
        [Description("Ed-Fi API base URL, with any tenant or school-year route segments.")]
        public string BaseUrl { get; init; } = "";

        [CommandOption("--client-key <KEY>")]
        public string ClientKey { get; init; } = "";

        [CommandOption("--client-secret <SECRET>")]
        public string ClientSecret { get; init; } = "";

        [CommandOption("--data-standard <VERSION>")]
        [Description("e.g. 5.2.0; default: read from the source's discovery document.")]
        public string? DataStandard { get; init; }

        [CommandOption("--poll-interval <SECONDS>")]
        public int PollIntervalSeconds { get; init; } = 30;

        public override ValidationResult Validate() =>
            !Tenants.IsValidName(Tenant)
                ? ValidationResult.Error("A tenant name is 1-63 letters, digits, '-' or '_'.")
            : !Uri.TryCreate(BaseUrl, UriKind.Absolute, out _)
                ? ValidationResult.Error("--base-url must be an absolute URL.")
            : ClientKey.Length == 0 || ClientSecret.Length == 0
                ? ValidationResult.Error("--client-key and --client-secret are required.")
            : PollIntervalSeconds < 1 ? ValidationResult.Error("--poll-interval must be at least 1.")
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
        await new Tenants(store).AddAsync(
            new TenantDefinition
            {
                Id = settings.Tenant,
                BaseUrl = settings.BaseUrl,
                ClientKey = settings.ClientKey,
                ClientSecret = settings.ClientSecret,
                DataStandard = settings.DataStandard,
                PollIntervalSeconds = settings.PollIntervalSeconds,
                AddedAt = DateTimeOffset.UtcNow,
            },
            cancellationToken
        );
        AnsiConsole.MarkupLineInterpolated($"Tenant {settings.Tenant} added.");
        return 0;
    }
}

/// <summary>
/// <c>oneroster tenants list</c>: the tenants kept in PostgreSQL (never their Ed-Fi secrets), and those with
/// projected data but no definition: the poller's single <c>EdFi</c> source (<c>default</c>), or what is left
/// of a tenant whose definition was removed.
/// </summary>
public sealed class ListTenantsCommand(IAnsiConsole console) : AsyncCommand<DatabaseSettings>
{
    public override async Task<int> ExecuteAsync(
        CommandContext context,
        DatabaseSettings settings,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(settings);
        using var store = settings.OpenStore();
        var table = new Table().AddColumns(
            "tenant",
            "base url",
            "client key",
            "data standard",
            "poll (s)",
            "from"
        );
        var defined = await new Tenants(store).ListAsync(cancellationToken);
        foreach (var tenant in defined)
        {
            table.AddRow(
                Markup.Escape(tenant.Id),
                Markup.Escape(tenant.BaseUrl),
                Markup.Escape(tenant.ClientKey),
                Markup.Escape(tenant.DataStandard ?? "(discovery)"),
                tenant.PollIntervalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Markup.Escape(tenant.Origin)
            );
        }

        await using (var session = store.QuerySession())
        {
            var projected = await session
                .Query<ProjectionState>()
                .Where(s => s.AnyTenant())
                .Select(s => s.Tenant)
                .ToListAsync(cancellationToken);
            foreach (var tenant in projected.Distinct().Where(t => defined.All(d => d.Id != t)).Order())
            {
                table.AddRow(Markup.Escape(tenant), "-", "-", "-", "-", "projected data, no definition");
            }
        }

        console.Write(table);
        return 0;
    }
}

/// <summary><c>oneroster tenants remove</c>: stops serving and polling the tenant and deletes all of its data.</summary>
public sealed class RemoveTenantCommand : AsyncCommand<RemoveTenantCommand.Settings>
{
    public sealed class Settings : DatabaseSettings
    {
        [CommandArgument(0, "<TENANT>")]
        public string Tenant { get; init; } = "";

        [CommandOption("--force")]
        [Description(
            "Delete the data even of a tenant the CLI did not add: one from the poller's configuration, or a name "
                + "with no definition"
        )]
        public bool Force { get; init; }
    }

    public override async Task<int> ExecuteAsync(
        CommandContext context,
        Settings settings,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(settings);
        using var store = settings.OpenStore();
        var tenants = new Tenants(store);
        var definition = (await tenants.ListAsync(cancellationToken)).FirstOrDefault(t =>
            t.Id == settings.Tenant
        );
        // A configured tenant comes back at the poller's next reconcile, without the API clients this
        // deletes; a name without a definition is most often a typo, or the configuration's default source.
        var refusal =
            settings.Force ? null
            : definition is null
                ? $"No tenant {settings.Tenant} was added with the CLI; nothing is deleted. Pass --force to delete "
                    + "whatever is stored under that name (documents, source records, checkpoint, API clients)."
            : definition.Origin == TenantDefinition.FromConfiguration
                ? $"Tenant {settings.Tenant} comes from the poller's configuration (EdFi:Tenants) and would come back "
                    + "at its next reconcile, without its API clients; remove it there. Pass --force to delete its "
                    + "data anyway."
            : null;
        if (refusal is not null)
        {
            await Console.Error.WriteLineAsync("error: " + refusal);
            return 1;
        }

        var existed = await tenants.RemoveAsync(settings.Tenant, cancellationToken);
        AnsiConsole.MarkupLineInterpolated(
            $"{(existed ? "Tenant" : "No tenant definition for")} {settings.Tenant}: its documents, source records, checkpoint and API clients are deleted."
        );
        return 0;
    }
}
