using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace OneRoster.Projections.Benchmarks;

/// <summary>
/// The OneRoster API as a client sees it: totals per collection and single objects. The API refuses
/// anonymous reads, so each request carries the bearer token run.sh obtained for a client it created
/// (environment variable <see cref="TokenVariable"/>), whatever the shared HttpClient's default header.
/// </summary>
internal sealed class Rostering(HttpClient http, string apiBase)
{
    public const string TokenVariable = "BENCH_API_TOKEN";

    private readonly string? token = Environment.GetEnvironmentVariable(TokenVariable) is { Length: > 0 } t
        ? t
        : null;

    public string Base { get; } = apiBase.TrimEnd('/') + "/ims/oneroster/rostering/v1p2";

    /// <summary>X-Total-Count of a collection, or -1 while the API cannot answer.</summary>
    public async Task<int> TotalAsync(string collection)
    {
        try
        {
            using var response = await SendAsync($"{collection}?limit=1");
            return response.IsSuccessStatusCode && response.Headers.TryGetValues("X-Total-Count", out var v)
                ? int.Parse(v.Single(), CultureInfo.InvariantCulture)
                : -1;
        }
        catch (HttpRequestException)
        {
            return -1;
        }
    }

    public async Task<JsonElement?> GetAsync(string path)
    {
        using var response = await SendAsync(path);
        return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<JsonElement>() : null;
    }

    private async Task<HttpResponseMessage> SendAsync(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"{Base}/{path}"));
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await http.SendAsync(request);
    }
}
