using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OneRoster.Projections.Benchmarks;

/// <summary>
/// Prepares a delta query: changes the first name of <c>--count</c> students in the sandbox, waits until the
/// API serves that many users changed since a moment taken before the writes, and prints that moment
/// (the <c>dateLastModified</c> a vendor's delta sync would ask from) on standard output.
/// </summary>
internal static class DeltaPrep
{
    public static async Task<int> RunAsync(Arguments arguments)
    {
        var sandbox = arguments.Text("sandbox").TrimEnd('/');
        var rostering = arguments.Text("rostering").TrimEnd('/');
        var count = arguments.Int("count", 100);
        var timeout = TimeSpan.FromSeconds(arguments.Int("timeout", 300));
        using var edfi = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        edfi.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Bearer",
            await Freshness.TokenAsync(edfi, sandbox)
        );
        using var api = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Bearer",
            arguments.Text("api-token")
        );

        // Stamps are milliseconds; a second's margin keeps the moment strictly before the first write's.
        var since = DateTimeOffset.UtcNow.AddSeconds(-1);
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        var students = await edfi.GetFromJsonAsync<JsonArray>(
            new Uri($"{sandbox}/data/v3/ed-fi/students?limit={Math.Min(count, 500)}")
        ) ?? [];
        var changed = 0;
        foreach (var student in students.OfType<JsonObject>().Take(count))
        {
            var id = student["id"]!.GetValue<string>();
            foreach (var meta in new[] { "id", "_etag", "_lastModifiedDate" })
            {
                student.Remove(meta);
            }
            student["firstName"] = "Delta" + changed.ToString(CultureInfo.InvariantCulture);
            using var response = await edfi.PutAsJsonAsync(
                new Uri($"{sandbox}/data/v3/ed-fi/students/{id}"),
                student
            );
            response.EnsureSuccessStatusCode();
            changed++;
        }

        var filter = Uri.EscapeDataString(
            $"dateLastModified>'{since.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)}'"
        );
        var waited = Stopwatch.StartNew();
        while (true)
        {
            using var response = await api.GetAsync(new Uri($"{rostering}/users?limit=1&filter={filter}"));
            if (
                response.IsSuccessStatusCode
                && response.Headers.TryGetValues("X-Total-Count", out var total)
                && int.Parse(total.Single(), CultureInfo.InvariantCulture) >= changed
            )
            {
                break;
            }
            if (waited.Elapsed > timeout)
            {
                await Console.Error.WriteLineAsync(
                    $"The API did not serve {changed} changed users within {timeout.TotalSeconds:F0} s."
                );
                return 1;
            }
            await Task.Delay(500);
        }
        Console.WriteLine(filter);
        return 0;
    }
}
