using System.Text.Json;
using System.Text.Json.Nodes;

namespace OneRoster.Projections.Mapping;

/// <summary>
/// classes (mapping.md 1.4): one row per section with a matching course offering, on (localCourseCode, schoolId,
/// schoolYear, sessionName), at an existing school.
/// </summary>
internal static class ClassesMapping
{
    public static void Project(MappingContext ctx, List<ProjectedDocument> output)
    {
        var offerings = new Dictionary<(string Lcc, long School, long Year, string Session), JsonElement>();
        foreach (var item in ctx.Get("courseOfferings"))
        {
            var data = item.Data;
            var lcc = data.Str("localCourseCode");
            var school = data.Long("schoolReference", "schoolId");
            var year = data.Long("sessionReference", "schoolYear");
            var session = data.Str("sessionReference", "sessionName");
            if (
                lcc is not null
                && school is { } s
                && year is { } y
                && session is not null
                && ctx.SchoolExists(s)
            )
            {
                offerings.TryAdd((lcc, s, y, session), data);
            }
        }
        var courseTitles = new Dictionary<(long EdOrg, string Code), string?>();
        foreach (var item in ctx.Get("courses"))
        {
            if (
                item.Data.Long("educationOrganizationReference", "educationOrganizationId") is { } edorg
                && item.Data.Str("courseCode") is { } code
            )
            {
                courseTitles[(edorg, code)] = item.Data.Str("courseTitle");
            }
        }

        foreach (var item in ctx.Get("sections"))
        {
            var data = item.Data;
            if (
                data.Str("sectionIdentifier") is not { } sectionIdentifier
                || JsonRead.SectionKeyOf(data.Obj("courseOfferingReference"), sectionIdentifier)
                    is not { } key
                || !offerings.TryGetValue(
                    (key.LocalCourseCode, key.SchoolId, key.SchoolYear, key.SessionName),
                    out var offering
                )
            )
            {
                continue;
            }
            var courseEdOrg = offering.Long("courseReference", "educationOrganizationId");
            var courseCode = offering.Str("courseReference", "courseCode");
            var courseTitle =
                courseEdOrg is { } ce && courseCode is not null
                    ? courseTitles.GetValueOrDefault((ce, courseCode))
                    : null;

            var sourcedId = ctx.ClassId(key);
            var body = new JsonObject
            {
                ["sourcedId"] = sourcedId,
                ["metadata"] = JsonWrite.EdFiMetadata(
                    "sections",
                    new JsonObject
                    {
                        ["localCourseCode"] = key.LocalCourseCode,
                        ["schoolid"] = key.SchoolId,
                        ["sectionIdentifier"] = key.SectionIdentifier,
                        ["sessionName"] = key.SessionName,
                    }
                ),
                // D9: never an empty title.
                ["title"] = FirstNonEmpty(
                    offering.Str("localCourseTitle"),
                    courseTitle,
                    data.Str("sectionName"),
                    key.LocalCourseCode
                ),
                ["classCode"] = key.LocalCourseCode,
                ["classType"] = "scheduled",
            };
            body.Put("location", data.Str("locationReference", "classroomIdentificationCode"));
            if (courseEdOrg is { } edorg && courseCode is not null)
            {
                body["course"] = ctx.Refs.Course(Identifiers.Course(edorg, courseCode));
            }
            body["school"] = ctx.Refs.Org(ctx.OrgId(key.SchoolId));
            body["terms"] = new JsonArray(
                ctx.Refs.AcademicSession(Identifiers.Session(key.SchoolId, key.SchoolYear, key.SessionName))
            );
            var periods = data.Arr("classPeriods")
                .Select(p => p.Str("classPeriodReference", "classPeriodName"))
                .OfType<string>()
                .Where(p => p.Length > 0)
                .Distinct(StringComparer.Ordinal)
                .Order(StringComparer.Ordinal)
                .Select(p => (JsonNode?)p)
                .ToList();
            body.Put("periods", periods.Count > 0 ? periods.ToJsonArray() : null);
            output.Add(
                new ProjectedDocument("classes", sourcedId, null, [key.SchoolId], body, Partitions.Class(key))
            );
        }
    }

    private static string FirstNonEmpty(params string?[] candidates) =>
        candidates.FirstOrDefault(c => !string.IsNullOrWhiteSpace(c)) ?? "";
}
