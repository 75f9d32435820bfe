using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using OneRoster.Projections.EdFiSandbox;
using Xunit;

namespace OneRoster.Projections.IntegrationTests.Sandbox;

/// <summary>The fault switches under <c>/_sandbox/faults</c>, each armed and observed over HTTP.</summary>
public sealed class FaultSwitchTests : IAsyncLifetime
{
    private const string Students = "data/v3/ed-fi/students?limit=5";
    private const string Schools = "data/v3/ed-fi/schools?limit=5";

    private RunningSandbox _sandbox = null!;

    public async Task InitializeAsync() => _sandbox = await RunningSandbox.GeneratedAsync(students: 20);

    public async Task DisposeAsync() => await _sandbox.DisposeAsync();

    private async Task<HttpStatusCode> StatusOfAsync(string relative)
    {
        using var response = await _sandbox.Http.GetAsync(relative);
        return response.StatusCode;
    }

    [Fact]
    public async Task expire_tokens_makes_the_next_data_call_answer_401_until_a_new_token_is_fetched()
    {
        Assert.Equal(HttpStatusCode.OK, await StatusOfAsync(Students));

        await _sandbox.ArmAsync("expire-tokens");

        Assert.Equal(HttpStatusCode.Unauthorized, await StatusOfAsync(Students));
        _sandbox.Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Bearer",
            await _sandbox.TokenAsync("sandbox", "sandbox-secret")
        );
        Assert.Equal(HttpStatusCode.OK, await StatusOfAsync(Students));
    }

    [Fact]
    public async Task expire_tokens_with_a_path_waits_for_the_first_matching_request()
    {
        await _sandbox.ArmAsync("expire-tokens?path=ed-fi/schools");

        Assert.Equal(HttpStatusCode.OK, await StatusOfAsync(Students));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusOfAsync(Schools));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusOfAsync(Students));
        Assert.Equal(1, _sandbox.Faults.Fired(FaultKind.ExpireTokens));
    }

    [Fact]
    public async Task throttle_answers_429_with_retry_after_for_the_next_n_matching_requests_only()
    {
        await _sandbox.ArmAsync("throttle?retryAfter=7&count=2&path=ed-fi/students");

        Assert.Equal(HttpStatusCode.OK, await StatusOfAsync(Schools));
        for (var i = 0; i < 2; i++)
        {
            using var response = await _sandbox.Http.GetAsync(Students);
            Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(7), response.Headers.RetryAfter?.Delta);
        }
        Assert.Equal(HttpStatusCode.OK, await StatusOfAsync(Students));
    }

    [Theory]
    [InlineData(500)]
    [InlineData(503)]
    public async Task server_error_answers_the_armed_status_once(int status)
    {
        await _sandbox.ArmAsync($"server-error?status={status}");

        Assert.Equal((HttpStatusCode)status, await StatusOfAsync(Students));
        Assert.Equal(HttpStatusCode.OK, await StatusOfAsync(Students));
    }

    [Fact]
    public async Task a_server_error_outside_5xx_is_refused()
    {
        using var response = await _sandbox.Http.PostAsync("_sandbox/faults/server-error?status=404", null);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(_sandbox.Faults.Armed);
    }

    [Fact]
    public async Task a_delayed_request_outlasts_a_client_that_gives_up_and_the_next_one_is_served()
    {
        await _sandbox.ArmAsync("delay?ms=60000&path=ed-fi/students");
        using var impatient = new HttpClient
        {
            BaseAddress = _sandbox.BaseAddress,
            Timeout = TimeSpan.FromMilliseconds(300),
        };
        impatient.DefaultRequestHeaders.Authorization = _sandbox.Http.DefaultRequestHeaders.Authorization;

        await Assert.ThrowsAsync<TaskCanceledException>(() => impatient.GetAsync(Students));

        Assert.Equal(1, _sandbox.Faults.Fired(FaultKind.Delay));
        Assert.Equal(HttpStatusCode.OK, await StatusOfAsync(Students));
    }

    [Fact]
    public async Task empty_body_and_malformed_page_answer_200_with_a_body_that_is_no_json_array()
    {
        await _sandbox.ArmAsync("empty-body?path=ed-fi/students");
        await _sandbox.ArmAsync("malformed-page?path=ed-fi/students");

        using var empty = await _sandbox.Http.GetAsync(Students);
        using var malformed = await _sandbox.Http.GetAsync(Students);

        Assert.Equal(HttpStatusCode.OK, empty.StatusCode);
        Assert.Equal("", await empty.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, malformed.StatusCode);
        var text = await malformed.Content.ReadAsStringAsync();
        Assert.StartsWith("[", text, StringComparison.Ordinal);
        Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(text));
        Assert.Equal(5, (await _sandbox.GetArrayAsync(Students)).Count);
    }

    [Fact]
    public async Task drop_snapshot_with_a_path_drops_it_when_the_matching_request_arrives()
    {
        _sandbox.Store.TakeSnapshot();
        await _sandbox.ArmAsync("drop-snapshot?path=ed-fi/schools");

        Assert.Equal(HttpStatusCode.OK, await SnapshotStatusOfAsync(Students));
        Assert.Equal(HttpStatusCode.NotFound, await SnapshotStatusOfAsync(Schools));
        Assert.Equal(HttpStatusCode.NotFound, await SnapshotStatusOfAsync(Students));
        Assert.Equal(HttpStatusCode.OK, await StatusOfAsync(Students));
        Assert.False(_sandbox.Store.HasSnapshot);
    }

    private async Task<HttpStatusCode> SnapshotStatusOfAsync(string relative)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, relative);
        request.Headers.Add("Use-Snapshot", "true");
        using var response = await _sandbox.Http.SendAsync(request);
        return response.StatusCode;
    }

    [Fact]
    public async Task an_uncommitted_write_counts_in_newest_change_version_but_is_read_only_after_release_with_its_version()
    {
        var before = await _sandbox.NewestChangeVersionAsync();
        var student = await _sandbox.FirstAsync("students");
        var body = RunningSandbox.Body(student);
        body["firstName"] = "Held";
        await _sandbox.ArmAsync("uncommitted");

        using (var put = await _sandbox.Http.PutAsJsonAsync($"data/v3/ed-fi/students/{student["id"]}", body))
        {
            Assert.Equal(HttpStatusCode.NoContent, put.StatusCode);
        }
        var school = await _sandbox.FirstAsync("schools");
        var schoolBody = RunningSandbox.Body(school);
        schoolBody["shortNameOfInstitution"] = "Visible";
        using (
            var put = await _sandbox.Http.PutAsJsonAsync($"data/v3/ed-fi/schools/{school["id"]}", schoolBody)
        )
        {
            put.EnsureSuccessStatusCode();
        }

        Assert.Equal(before + 2, await _sandbox.NewestChangeVersionAsync());
        var window = $"&minChangeVersion={before + 1}&maxChangeVersion={before + 2}";
        Assert.Empty(await _sandbox.GetArrayAsync("data/v3/ed-fi/students?limit=500" + window));
        Assert.Single(await _sandbox.GetArrayAsync("data/v3/ed-fi/schools?limit=500" + window));

        using var release = await _sandbox.Http.PostAsync("_sandbox/faults/uncommitted/release", null);
        var released = await release.Content.ReadFromJsonAsync<JsonObject>();

        Assert.Equal(before + 1, released!["changeVersions"]![0]!.GetValue<long>());
        Assert.Equal(before + 2, await _sandbox.NewestChangeVersionAsync());
        var late = await _sandbox.GetArrayAsync(
            $"data/v3/ed-fi/students?limit=500&minChangeVersion={before + 1}&maxChangeVersion={before + 1}"
        );
        Assert.Equal("Held", Assert.Single(late)!["firstName"]!.GetValue<string>());
    }

    [Fact]
    public async Task admin_routes_are_never_faulted_and_delete_disarms_everything()
    {
        await _sandbox.ArmAsync("server-error?count=5");

        var listed = await _sandbox.Http.GetFromJsonAsync<JsonObject>("_sandbox/faults");
        Assert.Equal(5, listed!["armed"]![0]!["remaining"]!.GetValue<int>());
        using (var clear = await _sandbox.Http.DeleteAsync("_sandbox/faults"))
        {
            Assert.Equal(HttpStatusCode.NoContent, clear.StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, await StatusOfAsync(Students));
        Assert.Equal(0, _sandbox.Faults.Fired(FaultKind.ServerError));
    }
}
