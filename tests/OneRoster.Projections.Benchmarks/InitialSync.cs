using System.Diagnostics;
using System.Globalization;

namespace OneRoster.Projections.Benchmarks;

/// <summary>
/// Initial sync: from an empty store (run.sh starts the poller just before this command) until the API
/// serves, for every class, as many documents as one projection of the whole district gives.
/// </summary>
internal static class InitialSync
{
    public static async Task<int> RunAsync(Arguments arguments)
    {
        var started = StartOf(arguments);
        var students = arguments.Int("students", 5000);
        var timeout = TimeSpan.FromSeconds(arguments.Int("timeout", 900));
        var projectorPid = arguments.Int("projector-pid", 0);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var api = new Rostering(http, arguments.Text("api"));
        var recomputes = new LogTail(arguments.Text("projector-log"), "Recomputed tenant");
        var windows = new LogTail(arguments.Text("poller-log"), "completed:");
        var pages = new LogTail(arguments.Text("projector-log"), "page of tenant");

        var expectedFile = arguments.Text("expected", "");
        if (expectedFile.Length == 0)
        {
            Markdown.Progress($"Projecting {students:N0} students in memory for the expected counts…");
            var district = District.Generate(students, arguments.Int("seed", 42));
            expectedFile = Path.GetTempFileName();
            Expected.Write(
                expectedFile,
                district.ReadRecords,
                district.GeneratedRecords,
                district.ExpectedDocuments(api.Base)
            );
        }
        var (readRecords, generatedRecords, expected) = Expected.Read(expectedFile);
        var expectedTotal = expected.Values.Sum();
        Markdown.Progress($"Expecting {expectedTotal:N0} documents from {readRecords:N0} records");

        var served = District.Classes.ToDictionary(c => c, _ => -1, StringComparer.Ordinal);
        TimeSpan? done = null;
        var peakRss = 0.0;
        while (Stopwatch.GetElapsedTime(started) < timeout)
        {
            recomputes.Poll(started);
            windows.Poll(started);
            pages.Poll(started);
            peakRss = Math.Max(peakRss, ProcessMemory.CurrentMiB(projectorPid));
            foreach (var @class in District.Classes)
            {
                served[@class] = await api.TotalAsync(@class);
            }
            if (District.Classes.All(c => served[c] == expected[c]))
            {
                done = Stopwatch.GetElapsedTime(started);
                break;
            }
            Markdown.Progress(
                $"{Stopwatch.GetElapsedTime(started).TotalSeconds:F0} s: {served.Values.Where(v => v > 0).Sum():N0}"
                    + $" of {expectedTotal:N0} documents served, projector RSS {peakRss:F0} MiB"
            );
            await Task.Delay(TimeSpan.FromSeconds(1));
        }
        // The full pass logs its line after its last commit, a moment after the API serves every document.
        for (var wait = 0; wait < 30 && done is not null && recomputes.Seen.Count == 0; wait++)
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            recomputes.Poll(started);
        }
        recomputes.Poll(started);
        windows.Poll(started);
        pages.Poll(started);
        var hwm = ProcessMemory.PeakMiB(projectorPid);

        Markdown.Heading($"Initial sync, {students:N0} students");
        Markdown.FigureHeader();
        if (done is { } elapsed)
        {
            Markdown.AtLeast(
                "Ed-Fi records per second, end to end",
                readRecords / elapsed.TotalSeconds,
                "records/s",
                5000
            );
        }
        else
        {
            var reached = served.Values.Where(v => v > 0).Sum();
            Markdown.AtLeast(
                $"Ed-Fi records per second (NOT finished within {timeout.TotalSeconds:F0} s; "
                    + $"{reached:N0} of {expectedTotal:N0} documents served; lower bound from the timeout)",
                0,
                "records/s",
                5000
            );
        }
        Markdown.Below("projector peak resident memory (VmHWM)", hwm, "MiB", 1024);
        Markdown.Info("Ed-Fi records read", $"{readRecords:N0} (of {generatedRecords:N0} generated)");
        Markdown.Info(
            "OneRoster documents served",
            $"{served.Values.Where(v => v > 0).Sum():N0} of {expectedTotal:N0}"
        );
        Markdown.Info(
            "time to every document served",
            done is { } d ? $"{d.TotalSeconds:F1} s" : $"> {timeout.TotalSeconds:F0} s (timed out)"
        );
        var applyMs = pages.Seen.Select(p => Logs.ElapsedMs(p.Line)).Where(ms => ms >= 0).ToArray();
        var recomputeMs = recomputes.Seen.Select(p => Logs.ElapsedMs(p.Line)).Where(ms => ms >= 0).ToArray();
        Markdown.Info(
            "projector time applying pages to the source store",
            $"{applyMs.Sum() / 1000:F1} s over {applyMs.Length:N0} pages "
                + $"({(applyMs.Length == 0 ? 0 : applyMs.Average()):F0} ms a page)"
        );
        Markdown.Info(
            "projector time recomputing",
            $"{recomputeMs.Sum() / 1000:F1} s in {recomputeMs.Length} recompute(s) of the whole tenant"
        );
        Markdown.Line(
            "\nPer class (served / expected): "
                + string.Join(", ", District.Classes.Select(c => $"{c} {served[c]:N0}/{expected[c]:N0}"))
                + "."
        );
        Markdown.Line("\nTimeline (seconds after the poller started, as read from the logs within ~1 s):\n");
        foreach (var (at, line) in windows.Seen.Concat(recomputes.Seen).OrderBy(s => s.At).Take(20))
        {
            Markdown.Line($"- {at.TotalSeconds:F1} s: `{Shorten(line)}`");
        }
        return 0;
    }

    /// <summary>The Stopwatch timestamp of <c>--t0-ms</c> (Unix milliseconds), or now.</summary>
    public static long StartOf(Arguments arguments)
    {
        var t0 = arguments.Text("t0-ms", "");
        if (t0.Length == 0)
        {
            return Stopwatch.GetTimestamp();
        }
        var ago =
            DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - long.Parse(t0, CultureInfo.InvariantCulture);
        return Stopwatch.GetTimestamp() - (long)(ago / 1000.0 * Stopwatch.Frequency);
    }

    private static string Shorten(string line)
    {
        var at =
            line.IndexOf("Change window", StringComparison.Ordinal) is var w and >= 0 ? w
            : line.IndexOf("Recomputed", StringComparison.Ordinal) is var r and >= 0 ? r
            : 0;
        return line[at..].Replace('`', '\'');
    }
}
