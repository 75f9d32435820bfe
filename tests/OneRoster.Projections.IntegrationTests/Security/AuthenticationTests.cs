using System.Net;
using System.Security.Cryptography;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;
using OneRoster.Projections.IntegrationTests.Api;
using OneRoster.Projections.IntegrationTests.Infrastructure;
using OneRoster.Projections.Storage.Security;
using Xunit;
using static OneRoster.Projections.IntegrationTests.Security.SecurityHttp;

namespace OneRoster.Projections.IntegrationTests.Security;

/// <summary>
/// Every rostering endpoint refuses a request without a valid token with 401 unauthorisedrequest in the
/// imsx shape and a Bearer challenge; discovery, health and Swagger stay open.
/// </summary>
public sealed class AuthenticationTests(RiversideFixture fixture) : IClassFixture<RiversideFixture>
{
    private HttpClient Http { get; } = fixture.Host.Anonymous();

    [Fact]
    public async Task every_endpoint_refuses_a_request_without_a_token()
    {
        foreach (var (path, _) in Endpoints.All)
        {
            using var response = await GetAsync(Http, "/ims/oneroster/rostering/v1p2/" + path, token: null);
            await StatusInfoAssert.IsErrorAsync(response, HttpStatusCode.Unauthorized, "unauthorisedrequest");
            Assert.StartsWith(
                "Bearer",
                response.Headers.WwwAuthenticate.ToString(),
                StringComparison.Ordinal
            );
        }
    }

    public static TheoryData<string> MalformedHeaders =>
        new()
        {
            "Bearer",
            "Bearer not-a-token",
            "Bearer a.b.c",
            "Basic dXNlcjpwYXNz",
            "bearer eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJ0ZW5hbnRJZCI6IngifQ.",
        };

    [Theory]
    [MemberData(nameof(MalformedHeaders))]
    public async Task a_malformed_authorization_header_is_401(string header)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/ims/oneroster/rostering/v1p2/users");
        request.Headers.TryAddWithoutValidation("Authorization", header);

        using var response = await Http.SendAsync(request);

        await StatusInfoAssert.IsErrorAsync(response, HttpStatusCode.Unauthorized, "unauthorisedrequest");
    }

    [Fact]
    public async Task client_credentials_sent_as_basic_are_told_to_get_a_token_first()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/ims/oneroster/rostering/v1p2/users");
        request.Headers.TryAddWithoutValidation("Authorization", "Basic dXNlcjpwYXNz");

        using var response = await Http.SendAsync(request);

        await StatusInfoAssert.IsErrorAsync(response, HttpStatusCode.Unauthorized, "unauthorisedrequest");
        using var body = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(
            "Send Authorization: Bearer <token>; client credentials go to POST /oauth/token for a token.",
            body.RootElement.GetProperty("imsx_description").GetString()
        );
    }

    [Fact]
    public async Task an_expired_token_signed_with_the_right_key_is_401()
    {
        var key = await ServerKeyAsync();
        var token = TestAuth.Mint(
            key,
            TestAuth.TenantClaims(fixture.Host.Tenant),
            expires: DateTime.UtcNow.AddMinutes(-5)
        );

        using var response = await GetAsync(Http, "/ims/oneroster/rostering/v1p2/users", token);

        await StatusInfoAssert.IsErrorAsync(response, HttpStatusCode.Unauthorized, "unauthorisedrequest");
        Assert.Contains("expired", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task the_same_token_signed_with_the_right_key_is_accepted()
    {
        var token = TestAuth.Mint(await ServerKeyAsync(), TestAuth.TenantClaims(fixture.Host.Tenant));

        using var response = await GetAsync(Http, "/ims/oneroster/rostering/v1p2/users", token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task a_token_signed_with_another_key_is_401()
    {
        var token = TestAuth.Mint(
            new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(64)),
            TestAuth.TenantClaims(fixture.Host.Tenant)
        );

        using var response = await GetAsync(Http, "/ims/oneroster/rostering/v1p2/users", token);

        await StatusInfoAssert.IsErrorAsync(response, HttpStatusCode.Unauthorized, "unauthorisedrequest");
    }

    [Theory]
    [InlineData("someone-else", "oneroster-rostering")]
    [InlineData("oneroster-projections", "another-api")]
    public async Task a_token_for_another_issuer_or_audience_is_401(string issuer, string audience)
    {
        var token = TestAuth.Mint(
            await ServerKeyAsync(),
            TestAuth.TenantClaims(fixture.Host.Tenant),
            issuer,
            audience
        );

        using var response = await GetAsync(Http, "/ims/oneroster/rostering/v1p2/users", token);

        await StatusInfoAssert.IsErrorAsync(response, HttpStatusCode.Unauthorized, "unauthorisedrequest");
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/health")]
    [InlineData("/swagger")]
    [InlineData("/swagger/v1p2/swagger.json")]
    public async Task discovery_health_and_swagger_need_no_token(string path)
    {
        using var response = await GetAsync(Http, path, token: null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task the_openapi_document_declares_the_oauth2_client_credentials_scheme()
    {
        using var response = await GetAsync(Http, "/swagger/v1p2/swagger.json", token: null);
        using var document = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        var scheme = document
            .RootElement.GetProperty("components")
            .GetProperty("securitySchemes")
            .GetProperty("oauth2");
        Assert.Equal(
            "/oauth/token",
            scheme.GetProperty("flows").GetProperty("clientCredentials").GetProperty("tokenUrl").GetString()
        );
        var demographics = document
            .RootElement.GetProperty("paths")
            .GetProperty("/ims/oneroster/rostering/v1p2/demographics")
            .GetProperty("get");
        var required = Assert
            .Single(demographics.GetProperty("security").EnumerateArray())
            .GetProperty("oauth2");
        Assert.Equal(
            [OneRosterScopes.Demographics],
            required.EnumerateArray().Select(s => s.GetString()!).ToArray()
        );
    }

    private async Task<SymmetricSecurityKey> ServerKeyAsync() =>
        new(
            await TokenSigningKey.GetOrCreateAsync(
                fixture.Host.App.Services.GetRequiredService<IDocumentStore>(),
                CancellationToken.None
            )
        );
}
