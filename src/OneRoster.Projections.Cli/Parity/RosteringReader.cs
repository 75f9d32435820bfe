using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace OneRoster.Projections.Cli.Parity;

/// <summary>
/// Reads whole collections from a running OneRoster 1.2 rostering API as a client would: page by page
/// with <c>limit</c>/<c>offset</c>, following the <c>Link</c> header's <c>next</c> URL when the API sends
/// one and otherwise stepping the offset until <c>X-Total-Count</c> (or a short page) says it is done.
/// </summary>
public sealed partial class RosteringReader(HttpClient http, Uri apiBase)
{
    private readonly Uri apiBase = apiBase.AbsoluteUri.EndsWith('/')
        ? apiBase
        : new Uri(apiBase.AbsoluteUri + "/");

    /// <summary>Every object of <paramref name="collection"/> (whose envelope key is its own name).</summary>
    /// <exception cref="ParityException">The API cannot be reached or answers something unreadable.</exception>
    public async Task<List<JsonNode?>> ReadAllAsync(
        string collection,
        int pageSize,
        CancellationToken cancellationToken
    )
    {
        var documents = new List<JsonNode?>();
        var offset = 0;
        var next = new Uri(apiBase, $"{collection}?limit={pageSize}&offset=0");
        for (var pages = 0; ; pages++)
        {
            if (pages > 1_000_000)
            {
                throw new ParityException($"{collection}: the API's paging never ends.");
            }
            using var response = await GetAsync(next, cancellationToken);
            var page = await ReadPageAsync(response, collection, next, cancellationToken);
            documents.AddRange(page);
            offset += page.Count;

            if (NextLink(response) is { } link)
            {
                next = new Uri(next, link);
            }
            else if (
                page.Count > 0
                && (TotalCount(response) is { } total ? offset < total : page.Count >= pageSize)
            )
            {
                next = new Uri(apiBase, $"{collection}?limit={pageSize}&offset={offset}");
            }
            else
            {
                return documents;
            }
        }
    }

    private async Task<HttpResponseMessage> GetAsync(Uri url, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await http.GetAsync(url, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw new ParityException($"Cannot reach the API at {url}: {ex.Message}", ex);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ParityException($"The API did not answer {url} in time.", ex);
        }
        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            var hint = response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
                ? " Give --token, or --client-id, --client-secret and --token-url."
                : "";
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new ParityException(
                $"The API answered {status} {response.ReasonPhrase} to GET {url}.{hint} {Shorten(body)}".TrimEnd()
            );
        }
    }

    private static async Task<List<JsonNode?>> ReadPageAsync(
        HttpResponseMessage response,
        string collection,
        Uri url,
        CancellationToken cancellationToken
    )
    {
        JsonNode? body;
        try
        {
            body = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        }
        catch (JsonException ex)
        {
            throw new ParityException($"GET {url} did not return JSON: {ex.Message}", ex);
        }
        if (body is not JsonObject envelope || envelope[collection] is not JsonArray items)
        {
            throw new ParityException($"GET {url} returned no \"{collection}\" array.");
        }
        return [.. items.Select(i => i?.DeepClone())];
    }

    private static string? NextLink(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("Link", out var values))
        {
            return null;
        }
        foreach (Match match in LinkPattern().Matches(string.Join(",", values)))
        {
            var rels = match.Groups["rel"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (rels.Contains("next", StringComparer.OrdinalIgnoreCase))
            {
                return match.Groups["url"].Value;
            }
        }
        return null;
    }

    private static long? TotalCount(HttpResponseMessage response) =>
        response.Headers.TryGetValues("X-Total-Count", out var values)
        && long.TryParse(values.FirstOrDefault(), out var total)
            ? total
            : null;

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "…";

    [GeneratedRegex("""<(?<url>[^>]*)>[^,<]*?;\s*rel="?(?<rel>[^";,]+)"?""")]
    private static partial Regex LinkPattern();

    /// <summary>
    /// A bearer token from an OAuth 2.0 token endpoint by the client-credentials grant, the client
    /// authenticating with HTTP Basic as RFC 6749 §2.3.1 describes.
    /// </summary>
    public static async Task<string> ClientCredentialsTokenAsync(
        HttpClient http,
        Uri tokenUrl,
        string clientId,
        string clientSecret,
        string? scope,
        CancellationToken cancellationToken
    )
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, tokenUrl);
        var credentials = $"{WebUtility.UrlEncode(clientId)}:{WebUtility.UrlEncode(clientSecret)}";
        request.Headers.Authorization = new AuthenticationHeaderValue(
            "Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials))
        );
        var form = new Dictionary<string, string> { ["grant_type"] = "client_credentials" };
        if (!string.IsNullOrWhiteSpace(scope))
        {
            form["scope"] = scope;
        }
        request.Content = new FormUrlEncodedContent(form);

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw new ParityException($"Cannot reach the token endpoint {tokenUrl}: {ex.Message}", ex);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ParityException($"The token endpoint {tokenUrl} did not answer in time.", ex);
        }
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw new ParityException(
                    $"The token endpoint {tokenUrl} answered {(int)response.StatusCode}: {Shorten(body)}"
                );
            }
            try
            {
                if (JsonNode.Parse(body)?["access_token"]?.GetValue<string>() is { Length: > 0 } token)
                {
                    return token;
                }
            }
            catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
            {
                // Reported below with the body.
            }
            throw new ParityException(
                $"The token endpoint {tokenUrl} returned no access_token: {Shorten(body)}"
            );
        }
    }
}
