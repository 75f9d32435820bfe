using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;
using OneRoster.Projections.IntegrationTests.Api;
using OneRoster.Projections.IntegrationTests.Infrastructure;
using Xunit;

namespace OneRoster.Projections.IntegrationTests.Security;

/// <summary>
/// The Riverside state behind an API that also accepts tokens of an Ed-Fi ODS/API (RS256, issuer and
/// audience as configured); the test holds the ODS's private key and signs such tokens itself.
/// </summary>
public sealed class EdFiTokenFixture : IAsyncLifetime
{
    public const string Issuer = "https://ods.example.test/oauth/";
    public const string Audience = "ed-fi-oneroster";

    private readonly RSA odsKey = RSA.Create(2048);
    private ApiTestHost? host;

    public ApiTestHost Host => host!;

    public async Task InitializeAsync() =>
        host = await ApiTestHost.StartAsync(
            RiversideDistrict.All,
            "--OneRoster:Auth:EdFi:Issuer=" + Issuer,
            "--OneRoster:Auth:EdFi:Audience=" + Audience,
            "--OneRoster:Auth:EdFi:PublicKeyPem=" + odsKey.ExportSubjectPublicKeyInfoPem()
        );

    /// <summary>A token as the ODS/API would sign it, with exactly <paramref name="claims"/>.</summary>
    public string EdFiToken(Dictionary<string, object> claims, RSA? signer = null) =>
        TestAuth.Mint(
            new RsaSecurityKey(signer ?? odsKey),
            claims,
            issuer: Issuer.TrimEnd('/'),
            audience: Audience,
            algorithm: SecurityAlgorithms.RsaSha256
        );

    public async Task DisposeAsync()
    {
        await host!.DisposeAsync();
        odsKey.Dispose();
    }
}
