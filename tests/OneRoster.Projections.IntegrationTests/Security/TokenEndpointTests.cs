using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OneRoster.Projections.IntegrationTests.Infrastructure;
using OneRoster.Projections.Storage.Security;
using Xunit;
using static OneRoster.Projections.IntegrationTests.Security.SecurityHttp;

namespace OneRoster.Projections.IntegrationTests.Security;

/// <summary>POST /oauth/token: the client-credentials grant as OneRoster clients send it.</summary>
public sealed class TokenEndpointTests(RiversideFixture fixture) : IClassFixture<RiversideFixture>
{
    private ApiClients Clients => fixture.Host.App.Services.GetRequiredService<ApiClients>();

    private Task<IssuedCredential> NewClientAsync() =>
        Clients.CreateAsync(fixture.Host.Tenant, "token test", [], null, CancellationToken.None);

    private async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(
        Dictionary<string, string> form,
        (string Id, string Secret)? basic = null
    )
    {
        using var http = fixture.Host.Anonymous();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/oauth/token")
        {
            Content = new FormUrlEncodedContent(form),
        };
        if (basic is { } credentials)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue(
                "Basic",
                Convert.ToBase64String(
                    System.Text.Encoding.UTF8.GetBytes($"{credentials.Id}:{credentials.Secret}")
                )
            );
        }

        using var response = await http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    [Fact]
    public async Task basic_credentials_get_a_bearer_token_for_an_hour_with_every_scope_the_client_holds()
    {
        var credential = await NewClientAsync();

        var (status, body) = await PostAsync(
            new() { ["grant_type"] = "client_credentials" },
            (credential.Client.Id, credential.Secret)
        );

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("bearer", body.GetProperty("token_type").GetString());
        Assert.Equal(3600, body.GetProperty("expires_in").GetInt32());
        Assert.Equal(
            "https://purl.imsglobal.org/spec/or/v1p2/scope/roster-core.readonly https://purl.imsglobal.org/spec/or/v1p2/scope/roster.readonly https://purl.imsglobal.org/spec/or/v1p2/scope/roster-demographics.readonly",
            body.GetProperty("scope").GetString()
        );
        using var users = await GetAsync(
            fixture.Host.Anonymous(),
            "/ims/oneroster/rostering/v1p2/users",
            body.GetProperty("access_token").GetString()
        );
        Assert.Equal(HttpStatusCode.OK, users.StatusCode);
    }

    [Fact]
    public async Task form_credentials_work_too()
    {
        var credential = await NewClientAsync();

        var (status, _) = await PostAsync(
            new()
            {
                ["grant_type"] = "client_credentials",
                ["client_id"] = credential.Client.Id,
                ["client_secret"] = credential.Secret,
            }
        );

        Assert.Equal(HttpStatusCode.OK, status);
    }

    [Fact]
    public async Task unknown_scopes_are_ignored_and_a_scope_that_only_contains_a_known_one_is_unknown()
    {
        var credential = await NewClientAsync();

        var (status, body) = await PostAsync(
            new()
            {
                ["grant_type"] = "client_credentials",
                ["scope"] =
                    "https://purl.imsglobal.org/spec/or/v1p2/scope/roster.readonly "
                    + "https://purl.imsglobal.org/spec/or/v1p2/scope/gradebook.readonly "
                    + "https://purl.imsglobal.org/spec/or/v1p2/scope/roster-core.readonly.extra",
            },
            (credential.Client.Id, credential.Secret)
        );

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(
            "https://purl.imsglobal.org/spec/or/v1p2/scope/roster.readonly",
            body.GetProperty("scope").GetString()
        );
    }

    [Fact]
    public async Task a_request_for_no_known_scope_is_invalid_scope()
    {
        var credential = await NewClientAsync();

        var (status, body) = await PostAsync(
            new()
            {
                ["grant_type"] = "client_credentials",
                ["scope"] = "https://purl.imsglobal.org/spec/or/v1p2/scope/gradebook.readonly",
            },
            (credential.Client.Id, credential.Secret)
        );

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("invalid_scope", body.GetProperty("error").GetString());
    }

    [Fact]
    public async Task a_wrong_secret_an_unknown_client_and_a_missing_grant_type_are_refused()
    {
        var credential = await NewClientAsync();

        var (wrong, wrongBody) = await PostAsync(
            new() { ["grant_type"] = "client_credentials" },
            (credential.Client.Id, credential.Secret + "x")
        );
        var (unknown, _) = await PostAsync(
            new() { ["grant_type"] = "client_credentials" },
            ("orc_nobody", credential.Secret)
        );
        var (grant, grantBody) = await PostAsync(
            new() { ["grant_type"] = "password" },
            (credential.Client.Id, credential.Secret)
        );

        Assert.Equal(HttpStatusCode.Unauthorized, wrong);
        Assert.Equal("invalid_client", wrongBody.GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, unknown);
        Assert.Equal(HttpStatusCode.BadRequest, grant);
        Assert.Equal("unsupported_grant_type", grantBody.GetProperty("error").GetString());
    }

    [Fact]
    public async Task a_rotated_secret_replaces_the_old_one_and_a_revoked_client_gets_no_token()
    {
        var credential = await NewClientAsync();
        var rotated = await Clients.RotateAsync(credential.Client.Id, CancellationToken.None);

        var (old, _) = await PostAsync(
            new() { ["grant_type"] = "client_credentials" },
            (credential.Client.Id, credential.Secret)
        );
        var (fresh, _) = await PostAsync(
            new() { ["grant_type"] = "client_credentials" },
            (credential.Client.Id, rotated!.Secret)
        );
        await Clients.RevokeAsync(credential.Client.Id, CancellationToken.None);
        var (revoked, _) = await PostAsync(
            new() { ["grant_type"] = "client_credentials" },
            (credential.Client.Id, rotated.Secret)
        );

        Assert.Equal(HttpStatusCode.Unauthorized, old);
        Assert.Equal(HttpStatusCode.OK, fresh);
        Assert.Equal(HttpStatusCode.Unauthorized, revoked);
    }

    [Fact]
    public async Task a_token_of_a_revoked_client_is_refused_from_then_on()
    {
        var credential = await NewClientAsync();
        var token = await TestAuth.RequestTokenAsync(
            fixture.Host.BaseAddress,
            credential.Client.Id,
            credential.Secret
        );
        using var http = fixture.Host.Anonymous();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        const string orgs = "ims/oneroster/rostering/v1p2/orgs";
        using (var before = await http.GetAsync(new Uri(orgs, UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        await Clients.RevokeAsync(credential.Client.Id, CancellationToken.None);

        // The API reads revocations again every few seconds (OneRoster:Auth:RevocationCheckSeconds, 5).
        HttpResponseMessage after;
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            after = await http.GetAsync(new Uri(orgs, UriKind.Relative));
            if (after.StatusCode != HttpStatusCode.OK || waited.Elapsed > TimeSpan.FromSeconds(30))
            {
                break;
            }
            after.Dispose();
            await Task.Delay(250);
        }
        using (after)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
            Assert.Contains("revoked", after.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task a_form_past_the_readers_limits_is_invalid_request_not_a_500()
    {
        // The form reader allows keys of at most 2,048 characters.
        using var http = fixture.Host.Anonymous();
        using var content = new StringContent(
            new string('a', 5000) + "=1&grant_type=client_credentials",
            System.Text.Encoding.ASCII,
            "application/x-www-form-urlencoded"
        );

        using var response = await http.PostAsync("/oauth/token", content);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_request", body.GetProperty("error").GetString());
    }

    [Fact]
    public async Task a_get_on_the_token_endpoint_is_told_to_post()
    {
        using var http = fixture.Host.Anonymous();

        using var response = await http.GetAsync("/oauth/token");
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(
            "The token endpoint only accepts POST (the client-credentials grant).",
            body.GetProperty("imsx_description").GetString()
        );
    }

    [Fact]
    public async Task the_secret_is_stored_only_as_a_salted_hash()
    {
        var credential = await NewClientAsync();

        var stored = (await Clients.ListAsync(fixture.Host.Tenant, CancellationToken.None)).Single(c =>
            c.Id == credential.Client.Id
        );

        Assert.DoesNotContain(credential.Secret, stored.SecretHash, StringComparison.Ordinal);
        Assert.StartsWith("pbkdf2-sha256$100000$", stored.SecretHash, StringComparison.Ordinal);
        Assert.True(ClientSecrets.Verify(credential.Secret, stored.SecretHash));
        Assert.False(ClientSecrets.Verify(credential.Secret[..^1], stored.SecretHash));
    }

    [Fact]
    public async Task secrets_never_start_with_a_dash_that_a_command_line_would_take_for_an_option()
    {
        // Base64url alone starts with "-" one time in 64: `parity --client-secret -x…` then failed.
        for (var i = 0; i < 20; i++)
        {
            var credential = await NewClientAsync();
            Assert.StartsWith("ors_", credential.Secret, StringComparison.Ordinal);
            Assert.Equal(4 + 43, credential.Secret.Length);
        }
    }
}
