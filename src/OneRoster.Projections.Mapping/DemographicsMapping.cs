using System.Text.Json.Nodes;

namespace OneRoster.Projections.Mapping;

/// <summary>
/// demographics (mapping.md 1.6): the same rows as the student users (per existing school, or one without a
/// school), carrying person-level values merged across every SEOA of the student.
/// </summary>
internal static class DemographicsMapping
{
    private static readonly string[] RaceFlags =
    [
        "americanIndianOrAlaskaNative",
        "asian",
        "blackOrAfricanAmerican",
        "nativeHawaiianOrOtherPacificIslander",
        "white",
    ];

    public static void Project(
        MappingContext ctx,
        Dictionary<string, StudentFacts> facts,
        List<ProjectedDocument> output
    )
    {
        foreach (var item in ctx.Get("students"))
        {
            var student = item.Data;
            if (student.Str("studentUniqueId") is not { } uid)
            {
                continue;
            }
            var f = facts.GetValueOrDefault(uid);
            var schools = f?.Schools ?? [];
            var seoas = f?.EdOrgAssociations ?? [];

            // The distinct mapped races across every SEOA, at any edorg level; unmapped races are dropped.
            var races = seoas
                .SelectMany(a => a.Arr("races"))
                .Select(r => ctx.Map("RaceDescriptor", r.Str("raceDescriptor")))
                .OfType<string>()
                .ToHashSet(StringComparer.Ordinal);
            var hispanic = seoas.Any(a => a.Bool("hispanicLatinoEthnicity") == true);

            foreach (var school in schools.Count > 0 ? schools.Select(s => (long?)s) : [null])
            {
                var sourcedId = Identifiers.Person("STU", uid, school);
                var metadata = school is { } s
                    ? JsonWrite.EdFiMetadata(
                        "students",
                        new JsonObject { ["studentUniqueId"] = uid },
                        ("educationOrganizationId", s)
                    )
                    : JsonWrite.EdFiMetadata("students", new JsonObject { ["studentUniqueId"] = uid });
                var body = new JsonObject { ["sourcedId"] = sourcedId, ["metadata"] = metadata };
                body.Put("birthDate", student.Date("birthDate"));
                body.Put("sex", ctx.Map("SexDescriptor", student.Str("birthSexDescriptor")));
                foreach (var flag in RaceFlags)
                {
                    body.PutFlag(flag, races.Contains(flag));
                }
                body.PutFlag("demographicRaceTwoOrMoreRaces", races.Count > 1);
                body.PutFlag("hispanicOrLatinoEthnicity", hispanic);
                body.Put(
                    "countryOfBirthCode",
                    DescriptorValue.CodeValue(student.Str("birthCountryDescriptor"))
                );
                body.Put(
                    "stateOfBirthAbbreviation",
                    DescriptorValue.CodeValue(student.Str("birthStateAbbreviationDescriptor"))
                );
                body.Put("cityOfBirth", student.Str("birthCity"));
                output.Add(
                    new ProjectedDocument(
                        "demographics",
                        sourcedId,
                        null,
                        school is { } id ? [id] : [],
                        body,
                        Partitions.Student(uid)
                    )
                );
            }
        }
    }
}
