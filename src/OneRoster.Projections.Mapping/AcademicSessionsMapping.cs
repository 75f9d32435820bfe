using System.Text.Json.Nodes;

namespace OneRoster.Projections.Mapping;

/// <summary>
/// academicSessions (mapping.md 1.2): (a) one row per session whose school exists and whose term maps into
/// TermDescriptor; (b) one synthesized schoolYear row per (LEA, schoolYear) with at least one instructional day.
/// </summary>
internal static class AcademicSessionsMapping
{
    public static void Project(MappingContext ctx, List<ProjectedDocument> output)
    {
        ProjectSessions(ctx, output);
        ProjectSchoolYears(ctx, output);
    }

    private static void ProjectSessions(MappingContext ctx, List<ProjectedDocument> output)
    {
        foreach (var item in ctx.Get("sessions"))
        {
            var data = item.Data;
            var schoolId = data.Long("schoolReference", "schoolId");
            var schoolYear = data.Long("schoolYearTypeReference", "schoolYear");
            var sessionName = data.Str("sessionName");
            var termUri = data.Str("termDescriptor");
            var type = ctx.Map("TermDescriptor", termUri);
            if (
                schoolId is not { } school
                || schoolYear is not { } year
                || sessionName is null
                || type is null
                || !ctx.SchoolExists(school)
            )
            {
                continue;
            }
            var sourcedId = Identifiers.Session(school, year, sessionName);
            var body = new JsonObject
            {
                ["sourcedId"] = sourcedId,
                ["metadata"] = JsonWrite.EdFiMetadata(
                    "sessions",
                    new JsonObject { ["schoolId"] = school, ["sessionName"] = sessionName }
                ),
            };
            body.Put("title", DescriptorValue.CodeValue(termUri));
            body.Put("startDate", data.Date("beginDate"));
            body.Put("endDate", data.Date("endDate"));
            body["type"] = type;
            body["parent"] = ctx.Refs.AcademicSession(Identifiers.SchoolYear(ctx.LeaOf(school), year));
            body["schoolYear"] = Identifiers.Text(year);
            output.Add(new ProjectedDocument("academicSessions", sourcedId, type, [school], body));
        }
    }

    private static void ProjectSchoolYears(MappingContext ctx, List<ProjectedDocument> output)
    {
        // Per (school, year): first and last instructional day, across all calendars of the school.
        var windows = new Dictionary<(long School, long Year), (string First, string Last)>();
        foreach (var item in ctx.Get("calendarDates"))
        {
            var data = item.Data;
            var schoolId = data.Long("calendarReference", "schoolId");
            var year = data.Long("calendarReference", "schoolYear");
            var date = data.Date("date");
            if (
                schoolId is not { } school
                || year is not { } y
                || date is null
                || !ctx.SchoolExists(school)
                || !data.Arr("calendarEvents")
                    .Any(e => ctx.MapsToTrue("CalendarEventDescriptor", e.Str("calendarEventDescriptor")))
            )
            {
                continue;
            }
            windows[(school, y)] = windows.TryGetValue((school, y), out var w)
                ? (Min(w.First, date), Max(w.Last, date))
                : (date, date);
        }

        // Per (LEA, year): the mode of the schools' first days and, independently, of their last days.
        var byLea = windows
            .GroupBy(kv => (Lea: ctx.LeaOf(kv.Key.School), kv.Key.Year))
            .OrderBy(g => g.Key.Lea ?? -1)
            .ThenBy(g => g.Key.Year);
        foreach (var group in byLea)
        {
            var (lea, year) = group.Key;
            var sourcedId = Identifiers.SchoolYear(lea, year);
            var body = new JsonObject
            {
                ["sourcedId"] = sourcedId,
                ["metadata"] = JsonWrite.EdFiMetadata(
                    "schoolYearTypes",
                    new JsonObject { ["schoolYear"] = year },
                    ("educationOrganizationId", lea is { } l ? JsonValue.Create(l) : null)
                ),
                ["title"] = $"{Identifiers.Text(year - 1)}-{Identifiers.Text(year)}",
                ["startDate"] = Mode(group.Select(kv => kv.Value.First)),
                ["endDate"] = Mode(group.Select(kv => kv.Value.Last)),
                ["type"] = "schoolYear",
                ["schoolYear"] = Identifiers.Text(year),
            };
            output.Add(
                new ProjectedDocument(
                    "academicSessions",
                    sourcedId,
                    "schoolYear",
                    lea is { } id ? [id] : [],
                    body
                )
            );
        }
    }

    /// <summary>Statistical mode; a tie keeps the earliest date, as PostgreSQL's mode() does in practice.</summary>
    internal static string Mode(IEnumerable<string> dates) =>
        dates
            .GroupBy(d => d, StringComparer.Ordinal)
            .OrderByDescending(g => g.Count())
            .ThenBy(g => g.Key, StringComparer.Ordinal)
            .First()
            .Key;

    private static string Min(string a, string b) => string.CompareOrdinal(a, b) <= 0 ? a : b;

    private static string Max(string a, string b) => string.CompareOrdinal(a, b) >= 0 ? a : b;
}
