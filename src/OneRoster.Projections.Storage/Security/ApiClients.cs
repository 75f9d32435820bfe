using Marten;

namespace OneRoster.Projections.Storage.Security;

/// <summary>A client as just created or rotated: the only moment its secret is known.</summary>
public sealed record IssuedCredential(ApiClient Client, string Secret);

/// <summary>Creating, listing, rotating and revoking API clients (the CLI) and checking credentials (the API).</summary>
public sealed class ApiClients(IDocumentStore store, TimeProvider time)
{
    public async Task<IssuedCredential> CreateAsync(
        string tenant,
        string name,
        IEnumerable<long> educationOrganizationIds,
        IEnumerable<string>? scopes,
        CancellationToken cancellationToken
    )
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tenant);
        var granted = scopes?.ToList() is { Count: > 0 } asked ? asked : [.. OneRosterScopes.All];
        if (granted.FirstOrDefault(scope => !OneRosterScopes.IsKnown(scope)) is { } unknown)
        {
            throw new ArgumentException($"Unknown scope: {unknown}", nameof(scopes));
        }

        var secret = ClientSecrets.NewSecret();
        var client = new ApiClient
        {
            Id = ClientSecrets.NewClientId(),
            Name = name,
            Tenant = tenant,
            EducationOrganizationIds = [.. educationOrganizationIds.Distinct().Order()],
            Scopes = [.. granted.Distinct()],
            SecretHash = ClientSecrets.Hash(secret),
            CreatedAt = time.GetUtcNow(),
        };
        await using var session = store.LightweightSession();
        session.Insert(client);
        await session.SaveChangesAsync(cancellationToken);
        return new IssuedCredential(client, secret);
    }

    public async Task<IReadOnlyList<ApiClient>> ListAsync(string? tenant, CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession();
        var query = session.Query<ApiClient>().AsQueryable();
        if (tenant is not null)
        {
            query = query.Where(client => client.Tenant == tenant);
        }

        return await query.OrderBy(client => client.CreatedAt).ToListAsync(cancellationToken);
    }

    /// <returns>The new secret, or null when no such (unrevoked) client exists. The old secret stops working.</returns>
    public async Task<IssuedCredential?> RotateAsync(string clientId, CancellationToken cancellationToken)
    {
        await using var session = store.LightweightSession();
        var client = await session.LoadAsync<ApiClient>(clientId, cancellationToken);
        if (client is null || client.IsRevoked)
        {
            return null;
        }

        var secret = ClientSecrets.NewSecret();
        client.SecretHash = ClientSecrets.Hash(secret);
        client.SecretRotatedAt = time.GetUtcNow();
        session.Update(client);
        await session.SaveChangesAsync(cancellationToken);
        return new IssuedCredential(client, secret);
    }

    /// <returns>False when no such client exists. The API refuses its tokens within seconds (RevokedClients).</returns>
    public async Task<bool> RevokeAsync(string clientId, CancellationToken cancellationToken)
    {
        await using var session = store.LightweightSession();
        var client = await session.LoadAsync<ApiClient>(clientId, cancellationToken);
        if (client is null)
        {
            return false;
        }

        client.RevokedAt ??= time.GetUtcNow();
        session.Update(client);
        await session.SaveChangesAsync(cancellationToken);
        return true;
    }

    /// <summary>The ids of every revoked client.</summary>
    public async Task<HashSet<string>> RevokedIdsAsync(CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession();
        var ids = await session
            .Query<ApiClient>()
            .Where(client => client.RevokedAt != null)
            .Select(client => client.Id)
            .ToListAsync(cancellationToken);
        return ids.ToHashSet(StringComparer.Ordinal);
    }

    /// <returns>The client when the id exists, is not revoked and the secret matches; otherwise null.</returns>
    public async Task<ApiClient?> AuthenticateAsync(
        string clientId,
        string secret,
        CancellationToken cancellationToken
    )
    {
        await using var session = store.QuerySession();
        var client = await session.LoadAsync<ApiClient>(clientId, cancellationToken);
        // Always hash once, so the answer takes as long for an unknown id as for a wrong secret.
        var matches = ClientSecrets.Verify(secret, client?.SecretHash);
        return matches && client is { IsRevoked: false } ? client : null;
    }
}
