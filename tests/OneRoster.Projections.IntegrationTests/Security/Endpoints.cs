using OneRoster.Projections.Api;

namespace OneRoster.Projections.IntegrationTests.Security;

/// <summary>Every one of the 41 rostering GETs as a concrete path into the Riverside state.</summary>
public static class Endpoints
{
    /// <summary>(path under the base path, the scope rule it falls under: core, roster or demographics).</summary>
    public static IReadOnlyList<(string Path, string Rule)> All { get; } = Build();

    private static List<(string, string)> Build()
    {
        var ids = new Dictionary<string, string>
        {
            ["academicSessions"] = "term-100",
            ["gradingPeriods"] = "gp-100",
            ["terms"] = "term-100",
            ["classes"] = "cls-100",
            ["courses"] = "crs-100",
            ["demographics"] = "stu-100",
            ["enrollments"] = "enr-stu-100",
            ["orgs"] = "sch-100",
            ["schools"] = "sch-100",
            ["users"] = "stu-100",
            ["students"] = "stu-100",
            ["teachers"] = "tea-100",
        };
        var paths = new List<(string, string)>();
        foreach (var collection in RosteringCollections.All)
        {
            var rule = collection.Path == "demographics" ? "demographics" : "core";
            paths.Add((collection.Path, rule));
            paths.Add(($"{collection.Path}/{ids[collection.Path]}", rule));
        }

        foreach (var relationship in Relationships.All)
        {
            var path = relationship.Path;
            foreach (var parent in relationship.Parents)
            {
                path = path.Replace(
                    "{" + parent.Parameter + "}",
                    ids[parent.Collection.Path],
                    StringComparison.Ordinal
                );
            }

            paths.Add((path.TrimStart('/'), "roster"));
        }

        return paths;
    }
}
