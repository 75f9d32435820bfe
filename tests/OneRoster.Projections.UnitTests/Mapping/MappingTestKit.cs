using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using OneRoster.Projections.Mapping;
using Xunit;

namespace OneRoster.Projections.UnitTests.Mapping;

/// <summary>Hand-built Ed-Fi records in, OneRoster documents out; expectations are written out by hand.</summary>
internal static class MappingTestKit
{
    public const string Href = "https://or.example/ims/oneroster/rostering/v1p2";

    private static readonly Lazy<DescriptorMappingTable> LazyDefaults = new(() =>
        DescriptorMappingTable.LoadFolder(Path.Combine(RepoRoot(), "projections", "descriptor-mappings"))
    );

    /// <summary>The shipped tables under projections/descriptor-mappings/.</summary>
    public static DescriptorMappingTable Defaults => LazyDefaults.Value;

    /// <summary>The expected sourcedId: lowercase hex MD5 of the UTF-8 formula string, computed independently.</summary>
    public static string Md5(string formula)
    {
        var hash = MD5.HashData(Encoding.UTF8.GetBytes(formula));
        var sb = new StringBuilder(32);
        foreach (var b in hash)
        {
            sb.Append(b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }

    public static SourceItem Item(string resource, string json, long firstSeen = 1) =>
        new(resource, "", JsonDocument.Parse(json).RootElement.Clone(), firstSeen, null);

    public static IReadOnlyList<ProjectedDocument> Project(params SourceItem[] items) => Project(5, items);

    public static IReadOnlyList<ProjectedDocument> Project(
        int dataStandardMajor,
        params SourceItem[] items
    ) => OneRosterMapper.Project(new SourceSet(items), new MappingOptions(dataStandardMajor, Href, Defaults));

    public static List<ProjectedDocument> Of(this IReadOnlyList<ProjectedDocument> docs, string cls) =>
        [.. docs.Where(d => d.Class == cls)];

    public static ProjectedDocument Single(
        this IReadOnlyList<ProjectedDocument> docs,
        string cls,
        string sourcedId
    )
    {
        var found = docs.Where(d => d.Class == cls && d.SourcedId == sourcedId).ToList();
        Assert.True(
            found.Count == 1,
            $"expected one {cls} {sourcedId}; have: {string.Join(", ", docs.Where(d => d.Class == cls).Select(d => d.SourcedId))}"
        );
        return found[0];
    }

    /// <summary>A GUIDRef as JSON text, for writing expected bodies.</summary>
    public static string Ref(string collection, string type, string id) =>
        $$"""{"href":"{{Href}}/{{collection}}/{{id}}","sourcedId":"{{id}}","type":"{{type}}"}""";

    public static string OrgRef(long id) =>
        Ref("orgs", "org", Md5(id.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    /// <summary>Key order matters: both sides are compared as compact JSON text.</summary>
    public static void AssertJson(string expected, JsonNode? actual)
    {
        var normalized = JsonNode.Parse(expected)!.ToJsonString();
        Assert.Equal(normalized, actual?.ToJsonString());
    }

    /// <summary>The repository root: the nearest folder upwards holding OneRoster.Projections.sln.</summary>
    public static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "OneRoster.Projections.sln")))
            {
                return dir.FullName;
            }
        }
        var fallback = Environment.GetEnvironmentVariable("ONEROSTER_REPO_ROOT");
        return fallback is not null && File.Exists(Path.Combine(fallback, "OneRoster.Projections.sln"))
            ? fallback
            : throw new InvalidOperationException(
                $"OneRoster.Projections.sln not found above {AppContext.BaseDirectory}; set ONEROSTER_REPO_ROOT"
            );
    }

    // Records used by several tests (Grand Bend ids).
    public const string Sea =
        """{"stateEducationAgencyId":48,"nameOfInstitution":"Texas Education Agency"}""";

    public const string Lea = """
        {"localEducationAgencyId":255901,"nameOfInstitution":"Grand Bend ISD",
         "stateEducationAgencyReference":{"stateEducationAgencyId":48}}
        """;

    public static string School(long id, long? lea = 255901, string name = "School") =>
        lea is null
            ? $$"""{"schoolId":{{id}},"nameOfInstitution":"{{name}}"}"""
            : $$"""{"schoolId":{{id}},"nameOfInstitution":"{{name}}","localEducationAgencyReference":{"localEducationAgencyId":{{lea}}} }""";
}
