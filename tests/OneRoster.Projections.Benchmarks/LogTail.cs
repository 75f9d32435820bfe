using System.Diagnostics;
using System.Text;

namespace OneRoster.Projections.Benchmarks;

/// <summary>
/// Follows a service's log file and notes, for each new line that contains the marker, when it was seen.
/// The console logs carry no timestamps, so the time is when this tail read the line (within a poll).
/// </summary>
internal sealed class LogTail(string path, string marker)
{
    private long position;
    private readonly StringBuilder partial = new();

    public List<(TimeSpan At, string Line)> Seen { get; } = [];

    /// <summary>Skips what the file holds now, so only lines written from here on are seen.</summary>
    public LogTail FromEnd()
    {
        position = File.Exists(path) ? new FileInfo(path).Length : 0;
        return this;
    }

    public void Poll(long started)
    {
        if (!File.Exists(path))
        {
            return;
        }
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        if (stream.Length < position)
        {
            position = 0;
        }
        stream.Position = position;
        using var reader = new StreamReader(stream);
        var text = reader.ReadToEnd();
        position = stream.Position;
        partial.Append(text);
        var lines = partial.ToString().Split('\n');
        partial.Clear().Append(lines[^1]);
        var at = Stopwatch.GetElapsedTime(started);
        foreach (var line in lines[..^1])
        {
            if (line.Contains(marker, StringComparison.Ordinal))
            {
                Seen.Add((at, line.Trim()));
            }
        }
    }
}

/// <summary>Figures read back from the services' log lines.</summary>
internal static partial class Logs
{
    /// <summary>
    /// The duration a page or recompute line reports ("… in 105 ms", "… purged in 7934 ms (steps…)"), or -1.
    /// </summary>
    public static double ElapsedMs(string line) =>
        ElapsedPattern().Match(line) is { Success: true } match
            ? double.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)
            : -1;

    [System.Text.RegularExpressions.GeneratedRegex(@" in (\d+(?:\.\d+)?) ms\b")]
    private static partial System.Text.RegularExpressions.Regex ElapsedPattern();
}
