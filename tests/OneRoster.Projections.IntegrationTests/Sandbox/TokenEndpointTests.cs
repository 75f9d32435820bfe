using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using OneRoster.Projections.EdFiSandbox;
using Xunit;

namespace OneRoster.Projections.IntegrationTests.Sandbox;

public sealed class TokenEndpointTests : IAsyncLifetime
{
    private RunningSandbox _sandbox = null!;

    public async Task InitializeAsync() =>
        _sandbox = await RunningSandbox.StartAsync(
            new SandboxOptions { GenerateStudents = 10 },
            authorize: false
        );

    public async Task DisposeAsync() => await _sandbox.DisposeAsync();

    private static AuthenticationHeaderValue Basic(string key, string secret) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{key}:{secret}")));

    private async Task<(HttpStatusCode Status, JsonObject Body, HttpResponseMessage Response)> PostAsync(
        HttpContent? content,
        AuthenticationHeaderValue? authorization = null
    )
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "oauth/token") { Content = content };
        request.Headers.Authorization = authorization;
        var response = await _sandbox.Http.SendAsync(request);
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();
        return (response.StatusCode, body!, response);
    }

    private static FormUrlEncodedContent Form(params (string Name, string Value)[] fields) =>
        new(fields.Select(f => KeyValuePair.Create(f.Name, f.Value)));

    [Fact]
    public async Task basic_auth_with_the_default_key_and_secret_gets_a_32_hex_bearer_token_marked_no_store()
    {
        var (status, body, response) = await PostAsync(
            Form(("grant_type", "client_credentials")),
            Basic("sandbox", "sandbox-secret")
        );

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Matches("^[0-9a-f]{32}$", body["access_token"]!.GetValue<string>());
        Assert.Equal(1800, body["expires_in"]!.GetValue<long>());
        Assert.Equal("bearer", body["token_type"]!.GetValue<string>());
        Assert.True(response.Headers.CacheControl?.NoStore);
    }

    [Fact]
    public async Task client_id_and_secret_in_a_form_body_get_a_token()
    {
        var (status, body, _) = await PostAsync(
            Form(
                ("grant_type", "client_credentials"),
                ("client_id", "sandbox"),
                ("client_secret", "sandbox-secret")
            )
        );

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.NotNull(body["access_token"]);
    }

    [Fact]
    public async Task client_id_and_secret_in_a_json_body_get_a_token()
    {
        var (status, body, _) = await PostAsync(
            JsonContent.Create(
                new
                {
                    grant_type = "client_credentials",
                    client_id = "sandbox",
                    client_secret = "sandbox-secret",
                }
            )
        );

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.NotNull(body["access_token"]);
    }

    [Fact]
    public async Task basic_auth_and_body_credentials_together_are_an_invalid_client_400()
    {
        var (status, body, _) = await PostAsync(
            Form(
                ("grant_type", "client_credentials"),
                ("client_id", "sandbox"),
                ("client_secret", "sandbox-secret")
            ),
            Basic("sandbox", "sandbox-secret")
        );

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("invalid_client", body["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task no_credentials_at_all_is_an_invalid_request_401()
    {
        var (status, body, _) = await PostAsync(Form(("grant_type", "client_credentials")));

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("invalid_request", body["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task a_wrong_secret_is_an_invalid_client_401()
    {
        var (status, body, _) = await PostAsync(
            Form(("grant_type", "client_credentials")),
            Basic("sandbox", "nope")
        );

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("invalid_client", body["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task a_grant_type_other_than_client_credentials_is_unsupported_400()
    {
        var (status, body, _) = await PostAsync(
            Form(("grant_type", "password")),
            Basic("sandbox", "sandbox-secret")
        );

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("unsupported_grant_type", body["error"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("0123456789abcdef0123456789abcdef")]
    public async Task data_calls_without_a_known_token_are_401(string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "data/v3/ed-fi/schools");
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await _sandbox.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task an_issued_token_opens_data_calls()
    {
        var token = await _sandbox.TokenAsync("sandbox", "sandbox-secret");
        using var request = new HttpRequestMessage(
            HttpMethod.Get,
            "changeQueries/v1/availableChangeVersions"
        );
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);

        using var response = await _sandbox.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task a_token_stops_working_once_its_lifetime_is_over_and_custom_credentials_are_honoured()
    {
        var clock = new ManualClock(new DateTimeOffset(2025, 1, 10, 14, 0, 0, TimeSpan.Zero));
        await using var sandbox = await RunningSandbox.StartAsync(
            new SandboxOptions
            {
                ClientKey = "k1",
                ClientSecret = "s1",
                TokenLifetime = TimeSpan.FromMinutes(5),
                Clock = clock,
            }
        );
        Assert.Equal(0, await sandbox.NewestChangeVersionAsync());

        clock.Now += TimeSpan.FromMinutes(5);
        using var expired = await sandbox.Http.GetAsync("changeQueries/v1/availableChangeVersions");

        Assert.Equal(HttpStatusCode.Unauthorized, expired.StatusCode);
        await Assert.ThrowsAsync<HttpRequestException>(() => sandbox.TokenAsync("sandbox", "sandbox-secret"));
    }
}
