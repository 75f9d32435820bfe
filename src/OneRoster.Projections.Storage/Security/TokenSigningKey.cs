using System.Security.Cryptography;
using JasperFx;
using Marten;

namespace OneRoster.Projections.Storage.Security;

/// <summary>
/// The HMAC key the API signs its access tokens with, made on first use and kept in PostgreSQL so that every
/// API instance, and an API restarted, accepts the tokens any of them issued. Deleting it invalidates them all.
/// </summary>
public sealed class TokenSigningKey
{
    public const string DocumentId = "oauth-signing-key";

    public string Id { get; set; } = DocumentId;

    public string KeyBase64 { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    public static async Task<byte[]> GetOrCreateAsync(
        IDocumentStore store,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(store);
        await using (var query = store.QuerySession())
        {
            if (await query.LoadAsync<TokenSigningKey>(DocumentId, cancellationToken) is { } existing)
            {
                return Convert.FromBase64String(existing.KeyBase64);
            }
        }

        var created = new TokenSigningKey
        {
            KeyBase64 = Convert.ToBase64String(RandomNumberGenerator.GetBytes(64)),
            CreatedAt = DateTimeOffset.UtcNow,
        };
        try
        {
            await using var session = store.LightweightSession();
            session.Insert(created);
            await session.SaveChangesAsync(cancellationToken);
            return Convert.FromBase64String(created.KeyBase64);
        }
        catch (DocumentAlreadyExistsException)
        {
            // Another instance made it first; everyone uses that one.
            await using var query = store.QuerySession();
            var winner = await query.LoadAsync<TokenSigningKey>(DocumentId, cancellationToken);
            return Convert.FromBase64String(winner!.KeyBase64);
        }
    }
}
