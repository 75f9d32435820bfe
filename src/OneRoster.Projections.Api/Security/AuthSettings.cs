using Microsoft.IdentityModel.Tokens;

namespace OneRoster.Projections.Api.Security;

/// <summary>
/// How the API issues and checks access tokens (configuration section <c>OneRoster:Auth</c>), and, when
/// <c>OneRoster:Auth:EdFi:Issuer</c> is set, which tokens of an Ed-Fi ODS/API it also accepts.
/// </summary>
public sealed record AuthSettings(
    string Issuer,
    string Audience,
    TimeSpan TokenLifetime,
    byte[]? SigningKey,
    EdFiTokenSettings? EdFi
)
{
    /// <summary>How long a revocation may take to reach this API (<c>RevocationCheckSeconds</c>, default 5).</summary>
    public TimeSpan RevocationCheck { get; init; } = TimeSpan.FromSeconds(5);

    public const string Section = "OneRoster:Auth";

    public static AuthSettings From(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        var lifetime = section.GetValue("TokenLifetimeSeconds", 3600);
        if (lifetime < 1)
        {
            throw new InvalidOperationException($"{Section}:TokenLifetimeSeconds must be at least 1.");
        }

        var key = section["SigningKey"] is { Length: > 0 } text ? Convert.FromBase64String(text) : null;
        if (key is { Length: < 32 })
        {
            throw new InvalidOperationException($"{Section}:SigningKey must be at least 32 bytes (base64).");
        }

        var revocationCheck = section.GetValue("RevocationCheckSeconds", 5.0);
        if (revocationCheck < 0)
        {
            throw new InvalidOperationException($"{Section}:RevocationCheckSeconds cannot be negative.");
        }

        return new AuthSettings(
            section["Issuer"] is { Length: > 0 } issuer ? issuer : "oneroster-projections",
            section["Audience"] is { Length: > 0 } audience ? audience : "oneroster-rostering",
            TimeSpan.FromSeconds(lifetime),
            key,
            EdFiTokenSettings.From(section.GetSection("EdFi"))
        )
        {
            RevocationCheck = TimeSpan.FromSeconds(revocationCheck),
        };
    }
}

/// <summary>
/// Tokens minted by the Ed-Fi ODS/API for the same client (mapping.md §4, Authentication): RS256 with the
/// given public key (or HMAC with a shared key), the configured audience, and the issuer compared without
/// trailing slashes. <see cref="Tenant"/> serves a single-tenant ODS whose tokens carry no <c>tenantId</c>.
/// </summary>
public sealed record EdFiTokenSettings(string Issuer, string Audience, SecurityKey Key, string? Tenant)
{
    public static EdFiTokenSettings? From(IConfigurationSection section)
    {
        if (section["Issuer"] is not { Length: > 0 } issuer)
        {
            return null;
        }

        var audience = section["Audience"] is { Length: > 0 } a
            ? a
            : throw new InvalidOperationException($"{section.Path}:Audience is required with an Issuer.");
        SecurityKey key;
        if (section["PublicKeyPem"] is { Length: > 0 } pem)
        {
            var rsa = System.Security.Cryptography.RSA.Create();
            rsa.ImportFromPem(pem);
            key = new RsaSecurityKey(rsa);
        }
        else if (section["SigningKey"] is { Length: > 0 } shared)
        {
            key = new SymmetricSecurityKey(Convert.FromBase64String(shared));
        }
        else
        {
            throw new InvalidOperationException(
                $"{section.Path} needs PublicKeyPem (RS256) or SigningKey (base64, HMAC) with an Issuer."
            );
        }

        return new EdFiTokenSettings(
            issuer.TrimEnd('/'),
            audience,
            key,
            section["Tenant"] is { Length: > 0 } tenant ? tenant : null
        );
    }
}
