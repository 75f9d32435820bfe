using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;

namespace OneRoster.Projections.UnitTests.EdFi;

/// <summary>One request as the fake Ed-Fi API saw it.</summary>
internal sealed record SeenRequest(string Method, Uri Uri, string? Bearer, bool Snapshot, long Timestamp)
{
    public string Path => Uri.AbsolutePath;

    public IReadOnlyDictionary<string, string> Query { get; } = ParseQuery(Uri);

    private static Dictionary<string, string> ParseQuery(Uri uri) =>
        uri
            .Query.TrimStart('?')
            .Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .ToDictionary(
                p => Uri.UnescapeDataString(p[0]),
                p => p.Length > 1 ? Uri.UnescapeDataString(p[1]) : ""
            );
}

/// <summary>
/// Plays the Ed-Fi Change Queries protocol (edfi-change-queries.md §1–§6) from memory for the client under
/// test: discovery, client-credentials tokens, availableChangeVersions, dependencies and offset/limit pages.
/// Faults are injected per request with <see cref="Intercept"/>.
/// </summary>
internal sealed class FakeEdFiApi : HttpMessageHandler
{
    public const string Key = "key-1";
    public const string Secret = "secret-1";

    private readonly ConcurrentQueue<SeenRequest> seen = new();
    private readonly ConcurrentDictionary<string, bool> validTokens = new();
    private int tokensIssued;

    public Uri Root { get; init; } = new("http://edfi.test/api/");

    /// <summary>urls.dataManagementApi as the root document reports it (relative to <see cref="Root"/>).</summary>
    public string DataManagementApi { get; init; } = "data/v3/";

    public string DataStandardVersion { get; init; } = "5.2.0";

    public long NewestChangeVersion { get; set; } = 100;

    public int ExpiresIn { get; set; } = 1800;

    public bool SnapshotAvailable { get; set; } = true;

    public string? DependenciesJson { get; set; }

    /// <summary>Collections by path below the data root, e.g. <c>ed-fi/students</c> or <c>ed-fi/students/deletes</c>.</summary>
    public Dictionary<string, List<string>> Collections { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Sent as <c>Total-Count</c> instead of the true count, to show the client does not trust it.</summary>
    public int? LyingTotalCount { get; set; }

    /// <summary>Called before the protocol; a non-null response is returned instead (fault injection).</summary>
    public Func<SeenRequest, CancellationToken, Task<HttpResponseMessage?>>? Intercept { get; set; }

    public IReadOnlyList<SeenRequest> Requests => seen.ToList();

    public int TokensIssued => tokensIssued;

    public IReadOnlyList<SeenRequest> RequestsTo(string pathEnd) =>
        Requests.Where(r => r.Path.EndsWith(pathEnd, StringComparison.OrdinalIgnoreCase)).ToList();

    /// <summary>The server forgets every token it issued, as when they expire or are purged.</summary>
    public void ExpireAllTokens() => validTokens.Clear();

    public void AddItems(string collection, int count, Func<int, string>? item = null)
    {
        var items = Enumerable
            .Range(0, count)
            .Select(item ?? (i => $$"""{"id":"{{i:x32}}","n":{{i}}}"""))
            .ToList();
        Collections[collection] = items;
    }

    protected override async Task<HttpResponseMessage> SendAsync(
        HttpRequestMessage request,
        CancellationToken cancellationToken
    )
    {
        var bearer = request.Headers.Authorization is { Scheme: "Bearer" } auth ? auth.Parameter : null;
        var snapshot =
            request.Headers.TryGetValues("Use-Snapshot", out var values) && values.Contains("true");
        var seenRequest = new SeenRequest(
            request.Method.Method,
            request.RequestUri!,
            bearer,
            snapshot,
            Stopwatch.GetTimestamp()
        );
        seen.Enqueue(seenRequest);

        if (Intercept is not null && await Intercept(seenRequest, cancellationToken) is { } injected)
        {
            injected.RequestMessage = request;
            return injected;
        }
        var response = await ServeAsync(request, seenRequest, cancellationToken);
        response.RequestMessage = request;
        return response;
    }

    private async Task<HttpResponseMessage> ServeAsync(
        HttpRequestMessage request,
        SeenRequest seenRequest,
        CancellationToken cancellationToken
    )
    {
        var path = request.RequestUri!.AbsolutePath;
        if (request.Method == HttpMethod.Get && path == Root.AbsolutePath)
        {
            return Json(HttpStatusCode.OK, Discovery());
        }
        if (request.Method == HttpMethod.Post && path == Root.AbsolutePath + "oauth/token")
        {
            return await TokenAsync(request, cancellationToken);
        }
        if (seenRequest.Bearer is null || !validTokens.ContainsKey(seenRequest.Bearer))
        {
            return Json(HttpStatusCode.Unauthorized, """{"error":"invalid_token"}""");
        }
        if (seenRequest.Snapshot && !SnapshotAvailable)
        {
            return Json(HttpStatusCode.NotFound, """{"title":"Snapshot not found."}""");
        }
        if (path == Root.AbsolutePath + "changeQueries/v1/availableChangeVersions")
        {
            return Json(
                HttpStatusCode.OK,
                $$"""{"oldestChangeVersion":0,"newestChangeVersion":{{NewestChangeVersion}}}"""
            );
        }
        if (path == Root.AbsolutePath + "metadata/data/v3/dependencies")
        {
            return DependenciesJson is null
                ? Json(HttpStatusCode.NotFound, "{}")
                : Json(HttpStatusCode.OK, DependenciesJson);
        }
        var dataRoot = new Uri(Root, DataManagementApi).AbsolutePath.TrimEnd('/') + "/";
        if (
            path.StartsWith(dataRoot, StringComparison.Ordinal)
            && Collections.TryGetValue(path[dataRoot.Length..], out var items)
        )
        {
            var offset = int.Parse(
                seenRequest.Query.GetValueOrDefault("offset", "0"),
                CultureInfo.InvariantCulture
            );
            var limit = int.Parse(
                seenRequest.Query.GetValueOrDefault("limit", "25"),
                CultureInfo.InvariantCulture
            );
            var page = items.Skip(offset).Take(limit);
            var response = Json(HttpStatusCode.OK, "[" + string.Join(",", page) + "]");
            response.Headers.Add(
                "Total-Count",
                (LyingTotalCount ?? items.Count).ToString(CultureInfo.InvariantCulture)
            );
            return response;
        }
        return Json(HttpStatusCode.NotFound, """{"title":"Not Found"}""");
    }

    private async Task<HttpResponseMessage> TokenAsync(
        HttpRequestMessage request,
        CancellationToken cancellationToken
    )
    {
        var expected = Convert.ToBase64String(Encoding.UTF8.GetBytes(Key + ":" + Secret));
        var form = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
        if (request.Headers.Authorization is not { Scheme: "Basic" } basic || basic.Parameter != expected)
        {
            return Json(HttpStatusCode.Unauthorized, """{"error":"invalid_client"}""");
        }
        if (form != "grant_type=client_credentials")
        {
            return Json(HttpStatusCode.BadRequest, """{"error":"unsupported_grant_type"}""");
        }
        var token = "token-" + Interlocked.Increment(ref tokensIssued).ToString(CultureInfo.InvariantCulture);
        validTokens[token] = true;
        return Json(
            HttpStatusCode.OK,
            $$"""{"access_token":"{{token}}","expires_in":{{ExpiresIn}},"token_type":"bearer"}"""
        );
    }

    private string Discovery()
    {
        var root = Root.ToString();
        return JsonSerializer.Serialize(
            new
            {
                version = "7.3",
                dataModels = new[] { new { name = "Ed-Fi", version = DataStandardVersion } },
                urls = new Dictionary<string, string>
                {
                    ["dependencies"] = root + "metadata/data/v3/dependencies",
                    ["oauth"] = root + "oauth/token",
                    ["dataManagementApi"] = new Uri(Root, DataManagementApi).ToString(),
                    ["changeQueries"] = root + "changeQueries/v1/",
                },
            }
        );
    }

    public static HttpResponseMessage Json(HttpStatusCode status, string body) =>
        new(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
}

/// <summary>A clock the test moves by hand.</summary>
internal sealed class ManualClock : TimeProvider
{
    private DateTimeOffset now = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() => now;

    public void Advance(TimeSpan by) => now += by;
}
