using Marten;
using Microsoft.IdentityModel.Tokens;
using OneRoster.Projections.Storage.Security;

namespace OneRoster.Projections.Api.Security;

/// <summary>
/// The key our tokens are signed and checked with: <c>OneRoster:Auth:SigningKey</c> when configured,
/// otherwise the one kept in PostgreSQL (made on first use), read once per process.
/// </summary>
public sealed class SigningKeys(AuthSettings settings, IDocumentStore store)
{
    private readonly Lazy<SymmetricSecurityKey> key = new(() =>
        new SymmetricSecurityKey(
            settings.SigningKey
                ?? TokenSigningKey.GetOrCreateAsync(store, CancellationToken.None).GetAwaiter().GetResult()
        )
        {
            KeyId = "oneroster-1",
        }
    );

    public SymmetricSecurityKey Key => key.Value;

    /// <summary>Reads or creates the key before the first request, so no request waits on it.</summary>
    public Task WarmUpAsync() => Task.Run(() => key.Value);
}
