using System.Text.Json.Nodes;

namespace OneRoster.Projections.Mapping;

/// <summary>courses (mapping.md 1.3): one row per course, whether or not it has offerings.</summary>
internal static class CoursesMapping
{
    public static void Project(MappingContext ctx, List<ProjectedDocument> output)
    {
        // The latest offering year per courseCode, across every owning edorg (the reference groups by code alone).
        var latestYear = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var item in ctx.Get("courseOfferings"))
        {
            var code = item.Data.Str("courseReference", "courseCode");
            var year = item.Data.Long("sessionReference", "schoolYear");
            if (code is not null && year is { } y && (!latestYear.TryGetValue(code, out var max) || y > max))
            {
                latestYear[code] = y;
            }
        }

        foreach (var item in ctx.Get("courses"))
        {
            var data = item.Data;
            var owner = data.Long("educationOrganizationReference", "educationOrganizationId");
            var courseCode = data.Str("courseCode");
            if (owner is not { } edorg || courseCode is null)
            {
                continue;
            }
            var sourcedId = Identifiers.Course(edorg, courseCode);
            var body = new JsonObject
            {
                ["sourcedId"] = sourcedId,
                ["metadata"] = JsonWrite.EdFiMetadata(
                    "courses",
                    new JsonObject { ["educationOrganizationId"] = edorg, ["courseCode"] = courseCode }
                ),
            };
            body.Put("title", data.Str("courseTitle"));
            if (latestYear.TryGetValue(courseCode, out var year))
            {
                // A school-owned course points at its LEA's school year; any other owner at its own id.
                var yearOwner = ctx.SchoolExists(edorg) && ctx.LeaOf(edorg) is { } lea ? lea : edorg;
                body["schoolYear"] = ctx.Refs.AcademicSession(Identifiers.SchoolYear(yearOwner, year));
            }
            body["courseCode"] = courseCode;
            body["org"] = ctx.Refs.Org(ctx.OrgId(edorg));
            output.Add(new ProjectedDocument("courses", sourcedId, null, [edorg], body));
        }
    }
}
