using System.Text.Json;
using Microsoft.Extensions.Options;
using OneRoster.Projections.EdFi;
using OneRoster.Projections.EdFiSandbox;
using OneRoster.Projections.Mapping;
using OneRoster.Projections.Projector;

namespace OneRoster.Projections.Benchmarks;

/// <summary>
/// A generated district as the projector would see it: the records of the resources the poller reads,
/// and what a one-shot projection of all of them gives, per OneRoster class.
/// </summary>
internal sealed class District
{
    public static readonly string[] Classes =
    [
        "orgs",
        "academicSessions",
        "courses",
        "classes",
        "enrollments",
        "users",
        "demographics",
    ];

    public required int Students { get; init; }

    public required int Seed { get; init; }

    public required IReadOnlyDictionary<string, int> RecordsByResource { get; init; }

    /// <summary>Records of resources the poller reads (the catalog); the rest are never sent.</summary>
    public required int ReadRecords { get; init; }

    public required int GeneratedRecords { get; init; }

    public required SourceSet Sources { get; init; }

    public static District Generate(int students, int seed)
    {
        var generated = DistrictGenerator.Generate(students, seed);
        var items = new List<SourceItem>();
        var byResource = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var read = 0;
        foreach (var (resource, records) in generated.Resources)
        {
            byResource[resource] = records.Count;
            if (EdFiResourceCatalog.Find(5, resource) is not { } definition)
            {
                continue;
            }
            read += records.Count;
            foreach (var record in records)
            {
                var data = JsonSerializer.SerializeToElement(record);
                var key = EdFiResourceCatalog.NaturalKeyOfItem(definition, data) ?? "";
                items.Add(new SourceItem(definition.Name, key, data, 1, null));
            }
        }
        return new District
        {
            Students = students,
            Seed = seed,
            RecordsByResource = byResource,
            ReadRecords = read,
            GeneratedRecords = byResource.Values.Sum(),
            Sources = new SourceSet(items),
        };
    }

    public static MappingOptions MappingOptions(string hrefBase)
    {
        var defaults = new DescriptorMappingDefaults(
            Options.Create(new ProjectorOptions { HrefBase = hrefBase })
        );
        return new MappingOptions(5, hrefBase, defaults.Table);
    }

    /// <summary>Documents per class that one projection of every record gives (what the API must end up serving).</summary>
    public Dictionary<string, int> ExpectedDocuments(string hrefBase)
    {
        var counts = Classes.ToDictionary(c => c, _ => 0, StringComparer.Ordinal);
        foreach (var document in OneRosterMapper.Project(Sources, MappingOptions(hrefBase)))
        {
            counts[document.Class] = counts.GetValueOrDefault(document.Class) + 1;
        }
        return counts;
    }
}

/// <summary>The <c>district</c> command: what the generator produces for a size.</summary>
internal static class DistrictCommand
{
    public static int Run(Arguments arguments)
    {
        var district = District.Generate(arguments.Int("students", 5000), arguments.Int("seed", 42));
        var expected = district.ExpectedDocuments("http://127.0.0.1/ims/oneroster/rostering/v1p2");
        if (arguments.Text("expected-out", "") is { Length: > 0 } file)
        {
            Expected.Write(file, district.ReadRecords, district.GeneratedRecords, expected);
        }

        Markdown.Heading($"District: {district.Students:N0} students, seed {district.Seed}");
        Markdown.Line(
            $"{district.GeneratedRecords:N0} Ed-Fi records generated, {district.ReadRecords:N0} of them in "
                + $"resources the poller reads; {expected.Values.Sum():N0} OneRoster documents.\n"
        );
        Markdown.Line("| Ed-Fi resource | records |");
        Markdown.Line("|---|---|");
        foreach (var (resource, count) in district.RecordsByResource)
        {
            Markdown.Line($"| {resource} | {count:N0} |");
        }
        Markdown.Line("\n| OneRoster class | documents |");
        Markdown.Line("|---|---|");
        foreach (var (@class, count) in expected)
        {
            Markdown.Line($"| {@class} | {count:N0} |");
        }
        return 0;
    }
}

/// <summary>
/// What initial-sync waits for, computed once before the pipeline starts so that the projection in memory
/// does not compete with the pipeline for the cores: one line of record counts, then one line per class.
/// </summary>
internal sealed record Expected(int ReadRecords, int GeneratedRecords, Dictionary<string, int> Documents)
{
    public static void Write(string file, int read, int generated, Dictionary<string, int> documents) =>
        File.WriteAllLines(file, [$"{read} {generated}", .. documents.Select(d => $"{d.Key} {d.Value}")]);

    public static Expected Read(string file)
    {
        var lines = File.ReadAllLines(file).Select(l => l.Split(' ')).ToArray();
        return new Expected(
            int.Parse(lines[0][0], System.Globalization.CultureInfo.InvariantCulture),
            int.Parse(lines[0][1], System.Globalization.CultureInfo.InvariantCulture),
            lines[1..]
                .ToDictionary(
                    l => l[0],
                    l => int.Parse(l[1], System.Globalization.CultureInfo.InvariantCulture),
                    StringComparer.Ordinal
                )
        );
    }
}
