using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using OneRoster.Projections.EdFiSandbox;
using Xunit;

namespace OneRoster.Projections.IntegrationTests.Sandbox;

/// <summary>A sandbox hosted in-process on a free port, spoken to over real HTTP.</summary>
public sealed class RunningSandbox : IAsyncDisposable
{
    private readonly WebApplication _app;

    private RunningSandbox(WebApplication app)
    {
        _app = app;
        Http = new HttpClient { BaseAddress = app.BaseAddress() };
    }

    public HttpClient Http { get; }

    public SandboxStore Store => _app.Store();

    public SandboxFaults Faults => _app.Faults();

    public Uri BaseAddress => Http.BaseAddress!;

    public static async Task<RunningSandbox> StartAsync(SandboxOptions options, bool authorize = true)
    {
        options.Urls = "http://127.0.0.1:0";
        var app = SandboxApp.Build(options);
        await app.StartAsync();
        var sandbox = new RunningSandbox(app);
        if (authorize)
        {
            var token = await sandbox.TokenAsync(options.ClientKey, options.ClientSecret);
            sandbox.Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return sandbox;
    }

    /// <summary>A small generated district: quick to start, private to one test.</summary>
    public static Task<RunningSandbox> GeneratedAsync(int students = 40, int seed = 7) =>
        StartAsync(new SandboxOptions { GenerateStudents = students, Seed = seed });

    public async Task<string> TokenAsync(string key, string secret)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "oauth/token")
        {
            Content = new FormUrlEncodedContent([new("grant_type", "client_credentials")]),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue(
            "Basic",
            Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{key}:{secret}"))
        );
        using var response = await Http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();
        return body!["access_token"]!.GetValue<string>();
    }

    /// <summary>Arms a fault switch over HTTP: <c>POST _sandbox/faults/{switch}</c>.</summary>
    public async Task ArmAsync(string faultSwitch)
    {
        using var response = await Http.PostAsync("_sandbox/faults/" + faultSwitch, null);
        response.EnsureSuccessStatusCode();
    }

    public async Task<long> NewestChangeVersionAsync()
    {
        var body = await Http.GetFromJsonAsync<JsonObject>("changeQueries/v1/availableChangeVersions");
        return body!["newestChangeVersion"]!.GetValue<long>();
    }

    public async Task<JsonArray> GetArrayAsync(string relative)
    {
        using var response = await Http.GetAsync(relative);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonArray>())!;
    }

    /// <summary>Total-Count of a collection (optionally with a query such as a change window).</summary>
    public async Task<long> TotalCountAsync(string resource, string query = "")
    {
        using var response = await Http.GetAsync($"data/v3/ed-fi/{resource}?limit=0&totalCount=true{query}");
        response.EnsureSuccessStatusCode();
        return long.Parse(
            response.Headers.GetValues("Total-Count").Single(),
            System.Globalization.CultureInfo.InvariantCulture
        );
    }

    public async Task<JsonObject> FirstAsync(string resource) =>
        (await GetArrayAsync($"data/v3/ed-fi/{resource}?limit=1"))[0]!.AsObject();

    /// <summary>The item without server metadata, ready to POST or PUT back.</summary>
    public static JsonObject Body(JsonObject item)
    {
        var body = item.DeepClone().AsObject();
        body.Remove("id");
        body.Remove("_etag");
        body.Remove("_lastModifiedDate");
        return body;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>Where the Grand Bend sample lives: the repository's copy, else the shared folder.</summary>
public static class GrandBend
{
    public static string Folder(string standard = "ds-5.2")
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "data", "grand-bend", standard);
            if (
                File.Exists(Path.Combine(dir.FullName, "OneRoster.Projections.sln"))
                && Directory.Exists(candidate)
            )
            {
                return candidate;
            }
        }
        return Path.Combine("/work/shared/data/grand-bend", standard);
    }
}

/// <summary>A clock the tests move by hand (token expiry).</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = start;

    public override DateTimeOffset GetUtcNow() => Now;
}
