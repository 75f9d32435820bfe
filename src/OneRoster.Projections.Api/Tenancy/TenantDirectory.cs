using Marten;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using OneRoster.Projections.Storage;

namespace OneRoster.Projections.Api.Tenancy;

/// <summary>Tenant names the API serves besides the default one (configuration <c>OneRoster:Tenants</c>).</summary>
public sealed class TenantOptions
{
    public const string Section = "OneRoster";

    public List<string> Tenants { get; set; } = [];
}

/// <summary>
/// Which tenants the API serves: the default tenant (<c>OneRoster:Tenant</c>), those listed in
/// configuration (re-read when the configuration changes) and those kept in PostgreSQL (added by the CLI
/// or registered by the poller from its configuration), re-read every few seconds. A tenant added or
/// removed is therefore served, or no longer served, without restarting the API.
/// </summary>
public sealed class TenantDirectory(
    ApiSettings settings,
    IOptionsMonitor<TenantOptions> options,
    IDocumentStore store,
    IMemoryCache cache
)
{
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(5);

    /// <returns>The tenant's name as stored (route names match case-insensitively), or null when unknown.</returns>
    public async Task<string?> FindAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (string.Equals(name, settings.Tenant, StringComparison.OrdinalIgnoreCase))
        {
            return settings.Tenant;
        }

        var configured = options.CurrentValue.Tenants.FirstOrDefault(t =>
            string.Equals(t, name, StringComparison.OrdinalIgnoreCase)
        );
        if (configured is not null)
        {
            return configured;
        }

        var stored = await cache.GetOrCreateAsync("oneroster-tenants", async entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = RefreshInterval;
            await using var session = store.QuerySession();
            return await session.Query<TenantDefinition>().Select(t => t.Id).ToListAsync(cancellationToken);
        });
        return stored?.FirstOrDefault(t => string.Equals(t, name, StringComparison.OrdinalIgnoreCase));
    }
}
