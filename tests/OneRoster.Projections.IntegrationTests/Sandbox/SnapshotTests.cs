using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Xunit;

namespace OneRoster.Projections.IntegrationTests.Sandbox;

public sealed class SnapshotTests : IAsyncLifetime
{
    private RunningSandbox _sandbox = null!;

    public async Task InitializeAsync() => _sandbox = await RunningSandbox.GeneratedAsync();

    public async Task DisposeAsync() => await _sandbox.DisposeAsync();

    private async Task<HttpResponseMessage> SendAsync(
        HttpMethod method,
        string path,
        HttpContent? content = null
    )
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Add("Use-Snapshot", "true");
        return await _sandbox.Http.SendAsync(request);
    }

    [Theory]
    [InlineData("changeQueries/v1/availableChangeVersions")]
    [InlineData("data/v3/ed-fi/students")]
    [InlineData("data/v3/ed-fi/students/deletes")]
    [InlineData("data/v3/ed-fi/sections/keyChanges")]
    public async Task use_snapshot_without_a_snapshot_is_404_snapshot_not_found(string path)
    {
        using var response = await SendAsync(HttpMethod.Get, path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("Snapshot not found.", problem["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task with_a_snapshot_reads_stay_frozen_while_the_live_data_moves_on()
    {
        (await _sandbox.Http.PostAsync("_sandbox/snapshot", null)).EnsureSuccessStatusCode();
        var frozen = await _sandbox.NewestChangeVersionAsync();
        var student = await _sandbox.FirstAsync("students");
        var body = RunningSandbox.Body(student);
        body["firstName"] = "Changed";
        (
            await _sandbox.Http.PutAsJsonAsync($"data/v3/ed-fi/students/{student["id"]}", body)
        ).EnsureSuccessStatusCode();

        using var versions = await SendAsync(HttpMethod.Get, "changeQueries/v1/availableChangeVersions");
        using var fromSnapshot = await SendAsync(HttpMethod.Get, $"data/v3/ed-fi/students/{student["id"]}");
        var live = JsonNode.Parse(
            await _sandbox.Http.GetStringAsync($"data/v3/ed-fi/students/{student["id"]}")
        )!;

        var snapshotVersion = JsonNode.Parse(await versions.Content.ReadAsStringAsync())![
            "newestChangeVersion"
        ]!;
        Assert.Equal(frozen, snapshotVersion.GetValue<long>());
        Assert.Equal(frozen + 1, await _sandbox.NewestChangeVersionAsync());
        var snapshotItem = JsonNode.Parse(await fromSnapshot.Content.ReadAsStringAsync())!;
        Assert.Equal(student["firstName"]!.GetValue<string>(), snapshotItem["firstName"]!.GetValue<string>());
        Assert.Equal("Changed", live["firstName"]!.GetValue<string>());
    }

    [Fact]
    public async Task use_snapshot_false_reads_the_live_data()
    {
        (await _sandbox.Http.PostAsync("_sandbox/snapshot", null)).EnsureSuccessStatusCode();
        await _sandbox.Http.PostAsJsonAsync("data/v3/ed-fi/schoolYearTypes", new { schoolYear = 2031 });
        using var request = new HttpRequestMessage(
            HttpMethod.Get,
            "changeQueries/v1/availableChangeVersions"
        );
        request.Headers.Add("Use-Snapshot", "false");

        using var response = await _sandbox.Http.SendAsync(request);

        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(_sandbox.Store.NewestChangeVersion, body["newestChangeVersion"]!.GetValue<long>());
    }

    [Theory]
    [InlineData("POST")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    public async Task a_write_with_the_use_snapshot_header_is_405(string method)
    {
        (await _sandbox.Http.PostAsync("_sandbox/snapshot", null)).EnsureSuccessStatusCode();
        var existing = await _sandbox.FirstAsync("schoolYearTypes");
        var path =
            method == "POST"
                ? "data/v3/ed-fi/schoolYearTypes"
                : $"data/v3/ed-fi/schoolYearTypes/{existing["id"]}";

        using var response = await SendAsync(
            new HttpMethod(method),
            path,
            JsonContent.Create(new { schoolYear = 2030 })
        );

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(0, await _sandbox.TotalCountAsync("schoolYearTypes", "&schoolYear=2030"));
    }

    [Fact]
    public async Task dropping_the_snapshot_makes_snapshot_reads_404_again()
    {
        (await _sandbox.Http.PostAsync("_sandbox/snapshot", null)).EnsureSuccessStatusCode();
        using var before = await SendAsync(HttpMethod.Get, "changeQueries/v1/availableChangeVersions");

        using var dropped = await _sandbox.Http.DeleteAsync("_sandbox/snapshot");
        using var after = await SendAsync(HttpMethod.Get, "changeQueries/v1/availableChangeVersions");

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, dropped.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, after.StatusCode);
    }
}
