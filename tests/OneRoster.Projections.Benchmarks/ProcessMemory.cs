using System.Globalization;

namespace OneRoster.Projections.Benchmarks;

/// <summary>Resident memory of a process from <c>/proc/{pid}/status</c>, in MiB.</summary>
internal static class ProcessMemory
{
    /// <summary>Peak resident set size since the process started (VmHWM).</summary>
    public static double PeakMiB(int pid) => Read(pid, "VmHWM:");

    public static double CurrentMiB(int pid) => Read(pid, "VmRSS:");

    private static double Read(int pid, string field)
    {
        var path = $"/proc/{pid}/status";
        if (pid <= 0 || !File.Exists(path))
        {
            return double.NaN;
        }
        foreach (var line in File.ReadLines(path))
        {
            if (line.StartsWith(field, StringComparison.Ordinal))
            {
                var kib = line[field.Length..].Trim().Split(' ')[0];
                return double.Parse(kib, CultureInfo.InvariantCulture) / 1024;
            }
        }
        return double.NaN;
    }
}
