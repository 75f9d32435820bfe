using System.Text.Json;

namespace OneRoster.Projections.Mapping;

/// <summary>
/// Per-student facts that users, demographics and contact rows share (mapping.md 1.6, 1.7), built once per
/// projection: the student's school associations, education-organization associations, existing schools,
/// primary school and current grade.
/// </summary>
internal sealed class StudentFacts
{
    private StudentFacts(string uniqueId) => UniqueId = uniqueId;

    public string UniqueId { get; }

    /// <summary>All studentSchoolAssociations, including those at schools that do not exist.</summary>
    public List<JsonElement> SchoolAssociations { get; } = [];

    public List<JsonElement> EdOrgAssociations { get; } = [];

    /// <summary>Distinct existing schools of the school associations, ascending.</summary>
    public List<long> Schools { get; private set; } = [];

    /// <summary>Ranked by primarySchool = true, then latest entryDate, then lowest schoolId.</summary>
    public long? PrimarySchool { get; private set; }

    /// <summary>
    /// entryGradeLevelDescriptor codeValue of the "current" association (latest entryDate, then open or latest
    /// exitWithdrawDate, then codeValue descending), across all schools, existing or not.
    /// </summary>
    public string? Grade { get; private set; }

    /// <summary>Latest entryDate per existing school (contacts' primary school).</summary>
    public Dictionary<long, string> LatestEntryBySchool { get; } = [];

    public static Dictionary<string, StudentFacts> Build(MappingContext ctx)
    {
        var facts = new Dictionary<string, StudentFacts>(StringComparer.Ordinal);
        StudentFacts For(string uid)
        {
            if (!facts.TryGetValue(uid, out var f))
            {
                f = new StudentFacts(uid);
                facts[uid] = f;
            }
            return f;
        }
        foreach (var item in ctx.Get("studentSchoolAssociations"))
        {
            if (item.Data.Str("studentReference", "studentUniqueId") is { } uid)
            {
                For(uid).SchoolAssociations.Add(item.Data);
            }
        }
        foreach (var item in ctx.Get("studentEducationOrganizationAssociations"))
        {
            if (item.Data.Str("studentReference", "studentUniqueId") is { } uid)
            {
                For(uid).EdOrgAssociations.Add(item.Data);
            }
        }
        foreach (var f in facts.Values)
        {
            f.Summarize(ctx);
        }
        return facts;
    }

    private void Summarize(MappingContext ctx)
    {
        var atSchools = SchoolAssociations
            .Select(a => (Data: a, School: a.Long("schoolReference", "schoolId")))
            .Where(a => ctx.SchoolExists(a.School))
            .Select(a => (a.Data, School: a.School!.Value, Entry: a.Data.Date("entryDate") ?? ""))
            .ToList();
        Schools = [.. atSchools.Select(a => a.School).Distinct().Order()];
        PrimarySchool =
            atSchools.Count == 0
                ? null
                : atSchools
                    .OrderByDescending(a => a.Data.Bool("primarySchool") == true)
                    .ThenByDescending(a => a.Entry, StringComparer.Ordinal)
                    .ThenBy(a => a.School)
                    .First()
                    .School;
        foreach (var (_, school, entry) in atSchools)
        {
            if (
                !LatestEntryBySchool.TryGetValue(school, out var latest)
                || string.CompareOrdinal(entry, latest) > 0
            )
            {
                LatestEntryBySchool[school] = entry;
            }
        }
        Grade = SchoolAssociations
            .OrderByDescending(a => a.Date("entryDate") ?? "", StringComparer.Ordinal)
            .ThenBy(a => a.Date("exitWithdrawDate") is null ? 0 : 1)
            .ThenByDescending(a => a.Date("exitWithdrawDate") ?? "", StringComparer.Ordinal)
            .ThenByDescending(
                a => DescriptorValue.CodeValue(a.Str("entryGradeLevelDescriptor")) ?? "",
                StringComparer.Ordinal
            )
            .Select(a => DescriptorValue.CodeValue(a.Str("entryGradeLevelDescriptor")))
            .FirstOrDefault();
    }
}
