using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Xunit;

namespace OneRoster.Projections.IntegrationTests.Security;

/// <summary>Requests with a given bearer token (or none), and the sourcedIds of a collection answer.</summary>
public static class SecurityHttp
{
    public static async Task<HttpResponseMessage> GetAsync(HttpClient http, string path, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await http.SendAsync(request);
    }

    /// <summary>The sorted sourcedIds of a 200 collection answer under <paramref name="key"/>.</summary>
    public static async Task<string[]> SourcedIdsAsync(HttpClient http, string path, string token, string key)
    {
        using var response = await GetAsync(http, path, token);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {body}");
        using var document = JsonDocument.Parse(body);
        return
        [
            .. document
                .RootElement.GetProperty(key)
                .EnumerateArray()
                .Select(item => item.GetProperty("sourcedId").GetString()!)
                .Order(StringComparer.Ordinal),
        ];
    }
}
