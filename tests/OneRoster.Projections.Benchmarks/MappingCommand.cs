using System.Diagnostics;
using OneRoster.Projections.Mapping;

namespace OneRoster.Projections.Benchmarks;

/// <summary>OneRosterMapper.Project on a generated district in memory: the mapping alone, no I/O.</summary>
internal static class MappingCommand
{
    public static int Run(Arguments arguments)
    {
        var district = District.Generate(arguments.Int("students", 5000), arguments.Int("seed", 42));
        var options = District.MappingOptions("http://127.0.0.1:8080/ims/oneroster/rostering/v1p2");
        var runs = arguments.Int("runs", 5);

        OneRosterMapper.Project(district.Sources, options);
        var times = new List<double>();
        var documents = 0;
        for (var i = 0; i < runs; i++)
        {
            var started = Stopwatch.GetTimestamp();
            documents = OneRosterMapper.Project(district.Sources, options).Count;
            times.Add(Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
        times.Sort();
        var median = times[times.Count / 2];

        Markdown.Heading(
            $"Mapping alone (OneRosterMapper.Project, {district.Students:N0} students, in memory)"
        );
        Markdown.FigureHeader();
        Markdown.Info(
            "documents per second",
            $"{Markdown.Number(documents / median)} docs/s ({documents:N0} documents from "
                + $"{district.ReadRecords:N0} records in {median:F2} s, median of {runs})"
        );
        return 0;
    }
}
