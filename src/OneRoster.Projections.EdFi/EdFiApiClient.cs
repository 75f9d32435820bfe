using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;

namespace OneRoster.Projections.EdFi;

/// <summary>What <c>availableChangeVersions</c> reported.</summary>
public sealed record EdFiChangeVersions(long OldestChangeVersion, long NewestChangeVersion);

/// <summary>
/// Reads one Ed-Fi ODS/API (or DMS) through its discovery document, OAuth2 client credentials and Change
/// Queries (edfi-change-queries.md). One instance per source; safe to share between concurrent callers.
/// Every call goes through <see cref="EdFiResilience"/>; a 401 on a data call renews the shared token once
/// and repeats the request.
/// </summary>
public sealed partial class EdFiApiClient : IDisposable
{
    private const string SnapshotHeader = "Use-Snapshot";

    private readonly HttpClient http;
    private readonly EdFiClientOptions options;
    private readonly ILogger logger;
    private readonly ResiliencePipeline<HttpResponseMessage> pipeline;
    private readonly EdFiTokenCache tokens;
    private readonly Uri baseUri;
    private readonly SemaphoreSlim discoveryGate = new(1, 1);
    private EdFiDiscovery? discovery;
    private volatile bool snapshotActive;
    private bool snapshotMissingLogged;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> skipsWarned = new(
        StringComparer.Ordinal
    );

    /// <param name="clock">Decides when the token is due for renewal; the system clock unless a test says otherwise.</param>
    public EdFiApiClient(
        HttpClient http,
        EdFiClientOptions options,
        ILogger<EdFiApiClient>? logger = null,
        TimeProvider? clock = null
    )
    {
        options.Validate();
        this.http = http;
        this.options = options;
        this.logger = logger ?? (ILogger)NullLogger.Instance;
        baseUri = new Uri(options.BaseUrl.EndsWith('/') ? options.BaseUrl : options.BaseUrl + "/");
        pipeline = EdFiResilience.Create(options, this.logger);
        tokens = new EdFiTokenCache(FetchTokenAsync, options.TokenRenewalMargin, clock);
        snapshotActive = options.UseSnapshot;
    }

    public EdFiClientOptions Options => options;

    /// <summary>How many access tokens this client has fetched.</summary>
    public int TokensFetched => tokens.FetchCount;

    /// <summary>Whether change-query GETs currently carry <c>Use-Snapshot: true</c>.</summary>
    public bool SnapshotActive => snapshotActive;

    /// <summary>Reads the root document once and keeps it; <paramref name="refresh"/> reads it again.</summary>
    public async Task<EdFiDiscovery> DiscoverAsync(
        bool refresh = false,
        CancellationToken cancellationToken = default
    )
    {
        if (discovery is { } known && !refresh)
        {
            return known;
        }
        await discoveryGate.WaitAsync(cancellationToken);
        try
        {
            if (discovery is { } raced && !refresh)
            {
                return raced;
            }
            using var response = await SendAsync(
                () => new HttpRequestMessage(HttpMethod.Get, baseUri),
                cancellationToken
            );
            EnsureSuccess(response, "discovery");
            using var document = await ReadJsonAsync(response, cancellationToken);
            var found = EdFiDiscovery.Parse(baseUri, document.RootElement);
            if (options.DataStandardVersion is { Length: > 0 } configured)
            {
                found = found with { DataStandardVersion = configured, DataStandardKnown = true };
            }
            EdFiLog.Discovered(logger, options.BaseUrl, found.ApiVersion, found.DataStandardVersion);
            if (!found.DataStandardKnown)
            {
                EdFiLog.DataStandardUnknown(logger, options.BaseUrl, found.DataStandardVersion);
            }
            discovery = found;
            return found;
        }
        finally
        {
            discoveryGate.Release();
        }
    }

    /// <summary>
    /// <c>GET changeQueries/v1/availableChangeVersions</c>. With <see cref="EdFiClientOptions.UseSnapshot"/> this is
    /// also the snapshot probe (§5): a 404/410 under the header turns snapshot reads off until the next call.
    /// </summary>
    public async Task<EdFiChangeVersions> GetAvailableChangeVersionsAsync(
        CancellationToken cancellationToken = default
    )
    {
        var found = await DiscoverAsync(cancellationToken: cancellationToken);
        snapshotActive = options.UseSnapshot;
        var uri = new Uri(found.ChangeQueries, "availableChangeVersions");
        using var response = await GetAsync(uri, snapshotEligible: true, accept: null, cancellationToken);
        EnsureSuccess(response, "availableChangeVersions");
        using var document = await ReadJsonAsync(response, cancellationToken);
        var root = document.RootElement;
        if (
            !EdFiDiscovery.TryGet(root, "newestChangeVersion", out var newest)
            || !newest.TryGetInt64(out var newestValue)
        )
        {
            throw new EdFiApiException(
                "availableChangeVersions answered without a numeric newestChangeVersion."
            );
        }
        var oldestValue =
            EdFiDiscovery.TryGet(root, "oldestChangeVersion", out var oldest) && oldest.TryGetInt64(out var o)
                ? o
                : 0;
        return new EdFiChangeVersions(oldestValue, newestValue);
    }

    /// <summary>
    /// The dependency document as resource → lowest <c>order</c> (people appear twice: Create early, Update
    /// late; reading needs the early one). Keys are catalog names (<c>students</c>); other schemas keep
    /// their prefix (<c>tpdm/candidates</c>). Null when the source offers none or it cannot be read.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, int>?> GetDependencyOrderAsync(
        CancellationToken cancellationToken = default
    )
    {
        var found = await DiscoverAsync(cancellationToken: cancellationToken);
        if (found.Dependencies is null)
        {
            EdFiLog.DependenciesUnavailable(logger, "not in the discovery document");
            return null;
        }
        using var response = await GetAsync(
            found.Dependencies,
            snapshotEligible: false,
            accept: "application/json",
            cancellationToken
        );
        if (!response.IsSuccessStatusCode)
        {
            EdFiLog.DependenciesUnavailable(
                logger,
                "HTTP " + ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture)
            );
            return null;
        }
        try
        {
            using var document = await ReadJsonAsync(response, cancellationToken);
            return EdFiResourceOrder.ParseDependencies(document.RootElement);
        }
        catch (Exception ex) when (ex is JsonException or EdFiApiException)
        {
            EdFiLog.DependenciesUnavailable(logger, "unreadable: " + ex.Message);
            return null;
        }
    }

    /// <summary>
    /// An authorized GET; under a snapshot a 404/410 is retried without it (P11) before it counts. When the
    /// URL is good without the header the snapshot is missing: snapshot reads stop, and with
    /// <paramref name="insideWindow"/> the call throws <see cref="EdFiSnapshotLostException"/> instead of
    /// answering from live data, because pages of one window must all come from the same state.
    /// </summary>
    private async Task<HttpResponseMessage> GetAsync(
        Uri uri,
        bool snapshotEligible,
        string? accept,
        CancellationToken cancellationToken,
        bool insideWindow = false
    )
    {
        var useSnapshot = snapshotEligible && snapshotActive;
        var response = await SendAuthorizedAsync(HttpMethod.Get, uri, useSnapshot, accept, cancellationToken);
        if (!useSnapshot || response.StatusCode is not (HttpStatusCode.NotFound or HttpStatusCode.Gone))
        {
            if (useSnapshot)
            {
                snapshotMissingLogged = false;
            }
            return response;
        }

        var snapshotStatus = (int)response.StatusCode;
        response.Dispose();
        var live = await SendAuthorizedAsync(HttpMethod.Get, uri, snapshot: false, accept, cancellationToken);
        if (live.StatusCode is not (HttpStatusCode.NotFound or HttpStatusCode.Gone))
        {
            // The URL is good without the header, so it was the snapshot that was missing.
            snapshotActive = false;
            if (insideWindow)
            {
                live.Dispose();
                EdFiLog.SnapshotLost(logger, snapshotStatus, uri.AbsolutePath);
                throw new EdFiSnapshotLostException(
                    $"The snapshot disappeared mid-window: {uri.AbsolutePath} answered {snapshotStatus} under Use-Snapshot.",
                    (HttpStatusCode)snapshotStatus
                );
            }
            if (!snapshotMissingLogged)
            {
                snapshotMissingLogged = true;
                EdFiLog.SnapshotUnavailable(logger, snapshotStatus, uri.AbsolutePath);
            }
        }
        return live;
    }

    private async Task<HttpResponseMessage> SendAuthorizedAsync(
        HttpMethod method,
        Uri uri,
        bool snapshot,
        string? accept,
        CancellationToken cancellationToken
    )
    {
        var token = await tokens.GetAsync(cancellationToken);
        var response = await SendAsync(
            () => BuildRequest(method, uri, token, snapshot, accept),
            cancellationToken
        );
        if (response.StatusCode != HttpStatusCode.Unauthorized)
        {
            return response;
        }

        response.Dispose();
        EdFiLog.TokenRejected(logger, method.Method, uri.AbsolutePath);
        token = await tokens.RenewAsync(token, cancellationToken);
        response = await SendAsync(
            () => BuildRequest(method, uri, token, snapshot, accept),
            cancellationToken
        );
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            response.Dispose();
            throw new EdFiAuthenticationException(
                $"Ed-Fi refused a freshly issued token for {method} {uri.AbsolutePath}.",
                HttpStatusCode.Unauthorized
            );
        }
        return response;
    }

    private static HttpRequestMessage BuildRequest(
        HttpMethod method,
        Uri uri,
        string token,
        bool snapshot,
        string? accept
    )
    {
        var request = new HttpRequestMessage(method, uri);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept ?? "application/json"));
        if (snapshot)
        {
            request.Headers.TryAddWithoutValidation(SnapshotHeader, "true");
        }
        return request;
    }

    /// <summary>One logical call: a fresh request per attempt, the body buffered inside the attempt's timeout.</summary>
    private async Task<HttpResponseMessage> SendAsync(
        Func<HttpRequestMessage> build,
        CancellationToken cancellationToken
    ) =>
        await pipeline.ExecuteAsync(
            async token =>
            {
                using var request = build();
                return await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, token);
            },
            cancellationToken
        );

    private async Task<(string Token, TimeSpan ExpiresIn)> FetchTokenAsync(
        CancellationToken cancellationToken
    )
    {
        var found = await DiscoverAsync(cancellationToken: cancellationToken);
        var basic = Convert.ToBase64String(
            Encoding.UTF8.GetBytes(options.ClientKey + ":" + options.ClientSecret)
        );
        using var response = await SendAsync(
            () =>
                new HttpRequestMessage(HttpMethod.Post, found.OAuth)
                {
                    Headers = { Authorization = new AuthenticationHeaderValue("Basic", basic) },
                    Content = new FormUrlEncodedContent([new("grant_type", "client_credentials")]),
                },
            cancellationToken
        );
        if (
            response.StatusCode
            is HttpStatusCode.BadRequest
                or HttpStatusCode.Unauthorized
                or HttpStatusCode.Forbidden
        )
        {
            throw new EdFiAuthenticationException(
                $"The Ed-Fi token endpoint refused client '{options.ClientKey}' ({(int)response.StatusCode}).",
                response.StatusCode
            );
        }
        EnsureSuccess(response, "token");
        using var document = await ReadJsonAsync(response, cancellationToken);
        var root = document.RootElement;
        if (
            !EdFiDiscovery.TryGet(root, "access_token", out var accessToken)
            || accessToken.ValueKind != JsonValueKind.String
            || string.IsNullOrEmpty(accessToken.GetString())
        )
        {
            throw new EdFiAuthenticationException(
                "The Ed-Fi token endpoint answered without an access_token."
            );
        }
        var expiresIn = ExpiresIn(root);
        EdFiLog.TokenFetched(logger, expiresIn);
        return (accessToken.GetString()!, expiresIn);
    }

    // Hosts configure lifetimes (30 or 60 min are common); a missing value is treated as short, not long.
    private static TimeSpan ExpiresIn(JsonElement root)
    {
        if (EdFiDiscovery.TryGet(root, "expires_in", out var value))
        {
            if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var seconds) && seconds > 0)
            {
                return TimeSpan.FromSeconds(seconds);
            }
            if (
                value.ValueKind == JsonValueKind.String
                && long.TryParse(
                    value.GetString(),
                    NumberStyles.Integer,
                    CultureInfo.InvariantCulture,
                    out var text
                )
                && text > 0
            )
            {
                return TimeSpan.FromSeconds(text);
            }
        }
        return TimeSpan.FromMinutes(5);
    }

    private static void EnsureSuccess(HttpResponseMessage response, string what)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }
        var path = response.RequestMessage?.RequestUri?.AbsolutePath ?? what;
        throw new EdFiApiException(
            $"Ed-Fi {what} request {path} failed with {(int)response.StatusCode} {response.ReasonPhrase}.",
            response.StatusCode
        );
    }

    private static async Task<JsonDocument> ReadJsonAsync(
        HttpResponseMessage response,
        CancellationToken cancellationToken
    )
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        try
        {
            return await JsonDocument.ParseAsync(stream, ItemJson.Options, cancellationToken);
        }
        catch (JsonException ex)
        {
            var path = response.RequestMessage?.RequestUri?.PathAndQuery ?? "(unknown request)";
            var what =
                response.Content.Headers.ContentLength == 0 ? "an empty body" : "a body that is not JSON";
            throw new EdFiUnreadableResponseException(
                $"Ed-Fi answered {path} with {(int)response.StatusCode} and {what}.",
                response.StatusCode,
                ex
            );
        }
    }

    public void Dispose()
    {
        tokens.Dispose();
        discoveryGate.Dispose();
    }
}
