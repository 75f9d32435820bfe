using System.Text.RegularExpressions;
using Marten;

namespace OneRoster.Projections.Storage;

/// <summary>Tenants kept in PostgreSQL: adding one, listing them, and removing one with all of its data.</summary>
public sealed partial class Tenants(IDocumentStore store)
{
    /// <summary>Letters, digits, '-' and '_', starting with a letter or digit: safe in a URL path segment.</summary>
    public static bool IsValidName(string? name) =>
        name is { Length: > 0 and <= 63 } && NamePattern().IsMatch(name);

    public async Task AddAsync(TenantDefinition tenant, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        if (!IsValidName(tenant.Id))
        {
            throw new ArgumentException(
                "A tenant name is 1-63 letters, digits, '-' or '_', starting with a letter or digit.",
                nameof(tenant)
            );
        }

        await using var session = store.LightweightSession();
        session.Store(tenant);
        await session.SaveChangesAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<TenantDefinition>> ListAsync(CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession();
        return await session.Query<TenantDefinition>().OrderBy(t => t.Id).ToListAsync(cancellationToken);
    }

    /// <summary>
    /// Removes the tenant's definition and every row stored for it: OneRoster documents, the projector's
    /// source records and state, the poller's checkpoint, quarantined records and its API clients.
    /// </summary>
    /// <returns>Whether a definition existed (the data is removed either way).</returns>
    public async Task<bool> RemoveAsync(string tenant, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tenant);
        bool existed;
        await using (var session = store.LightweightSession())
        {
            existed = await session.LoadAsync<TenantDefinition>(tenant, cancellationToken) is not null;
            session.Delete<TenantDefinition>(tenant);
            session.DeleteWhere<Security.ApiClient>(client => client.Tenant == tenant);
            await session.SaveChangesAsync(cancellationToken);
        }

        await store.Advanced.DeleteAllTenantDataAsync(tenant, cancellationToken);
        return existed;
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_-]*$")]
    private static partial Regex NamePattern();
}
