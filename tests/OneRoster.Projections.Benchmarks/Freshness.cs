using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OneRoster.Projections.Benchmarks;

/// <summary>
/// Freshness at steady state: student first names are changed in the sandbox at a steady rate, and for a
/// sample of the changes the single-object endpoint of the API is polled until it serves the new givenName.
/// </summary>
internal static class Freshness
{
    private const string NamePrefix = "Bench";

    private sealed record Change(int Number, string SourcedId, long SentAt);

    public static async Task<int> RunAsync(Arguments arguments)
    {
        var sandbox = arguments.Text("sandbox").TrimEnd('/');
        var rate = arguments.Double("rate", 50);
        var seconds = arguments.Int("seconds", 60);
        var trackEvery = arguments.Int("track-every", 5);
        var pollInterval = TimeSpan.FromMilliseconds(arguments.Int("poll-ms", 200));
        var drain = TimeSpan.FromSeconds(arguments.Int("drain", 60));
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var api = new Rostering(http, arguments.Text("api"));
        var recomputes = new LogTail(arguments.Text("projector-log"), "Recomputed tenant").FromEnd();

        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Bearer",
            await TokenAsync(http, sandbox)
        );
        var students = await StudentsAsync(http, sandbox, api);
        Markdown.Progress($"Changing the first names of {students.Count} students, {rate}/s for {seconds} s");

        var pending = new ConcurrentDictionary<int, Change>();
        var latencies = new ConcurrentBag<double>();
        var failures = 0;
        var started = Stopwatch.GetTimestamp();
        using var stop = new CancellationTokenSource();
        var watcher = WatchAsync(api, pending, latencies, pollInterval, stop.Token);

        var total = (int)(rate * seconds);
        var writes = new List<Task>();
        using var inFlight = new SemaphoreSlim(16);
        for (var n = 0; n < total; n++)
        {
            var due = TimeSpan.FromSeconds(n / rate) - Stopwatch.GetElapsedTime(started);
            if (due > TimeSpan.Zero)
            {
                await Task.Delay(due);
            }
            if (n % 250 == 0)
            {
                recomputes.Poll(started);
            }
            var (item, sourcedId) = students[n % students.Count];
            var number = n;
            await inFlight.WaitAsync();
            writes.Add(
                Task.Run(async () =>
                {
                    try
                    {
                        var sentAt = Stopwatch.GetTimestamp();
                        if (!await PutNameAsync(http, sandbox, item, NamePrefix + number))
                        {
                            Interlocked.Increment(ref failures);
                        }
                        else if (number % trackEvery == 0)
                        {
                            pending[number] = new Change(number, sourcedId, sentAt);
                        }
                    }
                    finally
                    {
                        inFlight.Release();
                    }
                })
            );
        }
        await Task.WhenAll(writes);
        var writing = Stopwatch.GetElapsedTime(started);
        var load = File.ReadAllText("/proc/loadavg").Trim();

        var deadline = Stopwatch.GetTimestamp();
        while (!pending.IsEmpty && Stopwatch.GetElapsedTime(deadline) < drain)
        {
            await Task.Delay(500);
        }
        await stop.CancelAsync();
        await watcher;
        recomputes.Poll(started);

        var sorted = latencies.Order().ToArray();
        Markdown.Heading($"Freshness, {rate:F0} changes/s for {seconds} s");
        Markdown.FigureHeader();
        Markdown.Info(
            "sandbox writes",
            $"{total - failures:N0} in {writing.TotalSeconds:F1} s ({failures} failed)"
        );
        Markdown.Info(
            "changes followed",
            $"{sorted.Length:N0} of {total / trackEvery:N0} seen by the API; {pending.Count:N0} not seen "
                + $"{drain.TotalSeconds:F0} s after the last write (every {trackEvery}th change, its "
                + $"/users/{{id}} polled every {pollInterval.TotalMilliseconds:F0} ms)"
        );
        // A change not seen yet has waited at least its age; count it so the percentiles do not flatter.
        var unseenAges = pending
            .Values.Select(c => Stopwatch.GetElapsedTime(c.SentAt).TotalSeconds)
            .ToArray();
        var followed = sorted.Length + unseenAges.Length;
        if (followed > 0)
        {
            Markdown.Info("write → served, median", Quantile(sorted, unseenAges, 0.5));
            var p95 = Quantile(sorted, unseenAges, 0.95);
            var rank95 = (int)Math.Ceiling(0.95 * followed);
            var met = rank95 <= sorted.Length && sorted[Math.Max(rank95 - 1, 0)] < 2;
            Markdown.Line($"| write → served, p95 | {p95} | < 2 s | {(met ? "yes" : "**no**")} |");
            Markdown.Info(
                "write → served, max",
                unseenAges.Length > 0 ? $"> {unseenAges.Max():F1} s (not seen)" : $"{sorted[^1]:F2} s"
            );
        }
        var durations = recomputes.Seen.Select(s => Logs.ElapsedMs(s.Line)).Where(ms => ms > 0).ToArray();
        Markdown.Info(
            "projector recomputes meanwhile",
            durations.Length == 0
                ? "none logged"
                : $"{durations.Length} (the whole tenant each time), {durations.Average():F0} ms on average, "
                    + $"{durations.Max():F0} ms at most"
        );
        Markdown.Info("load average when the writes ended", load);
        return 0;
    }

    private static async Task WatchAsync(
        Rostering api,
        ConcurrentDictionary<int, Change> pending,
        ConcurrentBag<double> latencies,
        TimeSpan interval,
        CancellationToken cancellationToken
    )
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            await Parallel.ForEachAsync(
                pending.Values.ToList(),
                new ParallelOptions { MaxDegreeOfParallelism = 4 },
                async (change, _token) =>
                {
                    var user = await api.GetAsync("users/" + change.SourcedId);
                    var served =
                        user?.GetProperty("user").TryGetProperty("givenName", out var g) == true
                            ? g.GetString()
                            : null;
                    // A later change to the same student also carries this one.
                    if (
                        served is not null
                        && served.StartsWith(NamePrefix, StringComparison.Ordinal)
                        && int.TryParse(
                            served[NamePrefix.Length..],
                            CultureInfo.InvariantCulture,
                            out var seen
                        )
                        && seen >= change.Number
                        && pending.TryRemove(change.Number, out _)
                    )
                    {
                        latencies.Add(Stopwatch.GetElapsedTime(change.SentAt).TotalSeconds);
                    }
                }
            );
            try
            {
                await Task.Delay(interval, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>A token of the sandbox's default client.</summary>
    internal static async Task<string> TokenAsync(HttpClient http, string sandbox)
    {
        using var form = new FormUrlEncodedContent(
            new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["client_id"] = "sandbox",
                ["client_secret"] = "sandbox-secret",
            }
        );
        using var response = await http.PostAsync(new Uri(sandbox + "/oauth/token"), form);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return body.GetProperty("access_token").GetString()!;
    }

    /// <summary>Up to 500 students of the sandbox, each with the sourcedId of one of its OneRoster users.</summary>
    private static async Task<List<(string Item, string SourcedId)>> StudentsAsync(
        HttpClient http,
        string sandbox,
        Rostering api
    )
    {
        var users = await api.GetAsync("students?limit=10000")
            ?? throw new InvalidOperationException("The API serves no students.");
        var byUniqueId = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var user in users.GetProperty("users").EnumerateArray())
        {
            if (
                user.TryGetProperty("metadata", out var metadata)
                && metadata.TryGetProperty("edfi", out var edfi)
                && edfi.TryGetProperty("naturalKey", out var key)
                && key.TryGetProperty("studentUniqueId", out var uid)
            )
            {
                byUniqueId.TryAdd(uid.GetString()!, user.GetProperty("sourcedId").GetString()!);
            }
        }

        var items = await http.GetFromJsonAsync<JsonArray>(
            new Uri(sandbox + "/data/v3/ed-fi/students?limit=500")
        ) ?? [];
        var students = new List<(string, string)>();
        foreach (var item in items.OfType<JsonObject>())
        {
            if (byUniqueId.TryGetValue(item["studentUniqueId"]!.GetValue<string>(), out var sourcedId))
            {
                students.Add((item.ToJsonString(), sourcedId));
            }
        }
        return students.Count > 0
            ? students
            : throw new InvalidOperationException("No sandbox student matches a served user.");
    }

    private static async Task<bool> PutNameAsync(HttpClient http, string sandbox, string item, string name)
    {
        var body = JsonNode.Parse(item)!.AsObject();
        var id = body["id"]!.GetValue<string>();
        body.Remove("id");
        body.Remove("_etag");
        body.Remove("_lastModifiedDate");
        body["firstName"] = name;
        using var response = await http.PutAsJsonAsync(
            new Uri($"{sandbox}/data/v3/ed-fi/students/{id}"),
            body
        );
        return response.IsSuccessStatusCode;
    }

    /// <summary>The quantile over seen latencies and not-yet-seen ages (all larger), as text.</summary>
    private static string Quantile(double[] seen, double[] unseen, double q)
    {
        var rank = (int)Math.Ceiling(q * (seen.Length + unseen.Length));
        return rank <= seen.Length
            ? $"{seen[Math.Max(rank - 1, 0)]:F2} s"
            : $"> {unseen.Min():F1} s (not seen yet)";
    }
}
