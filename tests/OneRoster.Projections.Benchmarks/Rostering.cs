using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace OneRoster.Projections.Benchmarks;

/// <summary>The OneRoster API as a client sees it: totals per collection and single objects.</summary>
internal sealed class Rostering(HttpClient http, string apiBase)
{
    public string Base { get; } = apiBase.TrimEnd('/') + "/ims/oneroster/rostering/v1p2";

    /// <summary>X-Total-Count of a collection, or -1 while the API cannot answer.</summary>
    public async Task<int> TotalAsync(string collection)
    {
        try
        {
            using var response = await http.GetAsync(new Uri($"{Base}/{collection}?limit=1"));
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
        using var response = await http.GetAsync(new Uri($"{Base}/{path}"));
        return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<JsonElement>() : null;
    }
}
