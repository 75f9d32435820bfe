using System.Text.Json;
using OneRoster.Projections.Mapping;
using static OneRoster.Projections.UnitTests.Mapping.MappingTestKit;

namespace OneRoster.Projections.UnitTests.Mapping;

/// <summary>The bundled Grand Bend sample (tests/data/grand-bend/ds-5.2 and ds-4.0), one SourceItem per line.</summary>
internal static class GrandBendData
{
    public static string Folder(string dataStandard)
    {
        var folder = Path.Combine(RepoRoot(), "tests", "data", "grand-bend", $"ds-{dataStandard}");
        return Directory.Exists(folder)
            ? folder
            : throw new DirectoryNotFoundException(
                $"Grand Bend sample not found at {folder} (expected tests/data/grand-bend/ds-{dataStandard})"
            );
    }

    /// <summary>Every *.jsonl file as the resource of its name; lines are first seen in file order.</summary>
    public static SourceSet Load(string dataStandard)
    {
        var items = new List<SourceItem>();
        foreach (
            var file in Directory.GetFiles(Folder(dataStandard), "*.jsonl").Order(StringComparer.Ordinal)
        )
        {
            var resource = Path.GetFileNameWithoutExtension(file);
            var version = 0L;
            foreach (var line in File.ReadLines(file).Where(l => l.Length > 0))
            {
                items.Add(
                    new SourceItem(
                        resource,
                        "",
                        JsonDocument.Parse(line).RootElement.Clone(),
                        ++version,
                        null
                    )
                );
            }
        }
        return new SourceSet(items);
    }

    public static IReadOnlyList<ProjectedDocument> Project(string dataStandard) =>
        OneRosterMapper.Project(
            Load(dataStandard),
            new MappingOptions(dataStandard == "4.0" ? 4 : 5, Href, Defaults)
        );
}
