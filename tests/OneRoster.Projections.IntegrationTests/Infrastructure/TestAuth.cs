using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OneRoster.Projections.Api;
using OneRoster.Projections.Storage.Security;

namespace OneRoster.Projections.IntegrationTests.Infrastructure;

/// <summary>
/// How tests authenticate, the way a vendor does: create an API client (as the CLI would), ask the
/// API's token endpoint for a token with client credentials, and send it as a bearer token.
/// </summary>
public static class TestAuth
{
    /// <summary>Creates a client of <paramref name="tenant"/> and returns a token for it.</summary>
    public static async Task<string> TokenAsync(
        WebApplication api,
        string tenant,
        IEnumerable<long>? educationOrganizationIds = null,
        IEnumerable<string>? scopes = null
    )
    {
        ArgumentNullException.ThrowIfNull(api);
        var clients = api.Services.GetRequiredService<ApiClients>();
        var credential = await clients.CreateAsync(
            tenant,
            "integration test",
            educationOrganizationIds ?? [],
            scopes,
            CancellationToken.None
        );
        return await RequestTokenAsync(ApiApp.BaseAddress(api), credential.Client.Id, credential.Secret);
    }

    /// <summary>POST /oauth/token with HTTP Basic credentials; fails the test when no token comes back.</summary>
    public static async Task<string> RequestTokenAsync(
        Uri apiBase,
        string clientId,
        string secret,
        string? scope = null
    )
    {
        using var http = new HttpClient { BaseAddress = apiBase };
        using var request = new HttpRequestMessage(HttpMethod.Post, "oauth/token");
        request.Headers.Authorization = new AuthenticationHeaderValue(
            "Basic",
            Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{clientId}:{secret}"))
        );
        var form = new Dictionary<string, string> { ["grant_type"] = "client_credentials" };
        if (scope is not null)
        {
            form["scope"] = scope;
        }

        request.Content = new FormUrlEncodedContent(form);
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return body.GetProperty("access_token").GetString()!;
    }

    /// <summary>
    /// A token signed by the test itself with <paramref name="key"/>: for hosts started with that key as
    /// <c>OneRoster:Auth:SigningKey</c>, for tokens the API must refuse (expired, signed with another key),
    /// and for the Ed-Fi ODS/API's tokens.
    /// </summary>
    public static string Mint(
        SecurityKey key,
        IDictionary<string, object> claims,
        string issuer = "oneroster-projections",
        string audience = "oneroster-rostering",
        DateTime? expires = null,
        string algorithm = SecurityAlgorithms.HmacSha256
    )
    {
        var expiry = expires ?? DateTime.UtcNow.AddMinutes(10);
        return new JsonWebTokenHandler().CreateToken(
            new SecurityTokenDescriptor
            {
                Issuer = issuer,
                Audience = audience,
                Claims = claims,
                IssuedAt = expiry.AddHours(-1),
                NotBefore = expiry.AddHours(-1),
                Expires = expiry,
                SigningCredentials = new SigningCredentials(key, algorithm),
            }
        );
    }

    /// <summary>Claims of a token over a whole tenant with every rostering scope.</summary>
    public static Dictionary<string, object> TenantClaims(string tenant, string? scope = null) =>
        new()
        {
            ["client_id"] = "minted-by-test",
            ["sub"] = "minted-by-test",
            ["tenantId"] = tenant,
            ["scope"] = scope ?? string.Join(' ', OneRosterScopes.All),
        };

    /// <summary>Gives <paramref name="http"/> a token of a new client over the whole of <paramref name="tenant"/>.</summary>
    public static async Task AuthorizeAsync(HttpClient http, WebApplication api, string tenant)
    {
        ArgumentNullException.ThrowIfNull(http);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Bearer",
            await TokenAsync(api, tenant)
        );
    }
}
