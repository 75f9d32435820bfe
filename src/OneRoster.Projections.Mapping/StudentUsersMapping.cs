using System.Text.Json;
using System.Text.Json.Nodes;

namespace OneRoster.Projections.Mapping;

/// <summary>
/// users, student rows (mapping.md 1.7): one per distinct (student, existing school), or one without a school.
/// </summary>
internal static class StudentUsersMapping
{
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

            List<PersonFields.Role> roles =
                schools.Count > 0
                    ?
                    [
                        .. schools.Select(s => new PersonFields.Role(
                            s == f!.PrimarySchool ? "primary" : "secondary",
                            "student",
                            s
                        )),
                    ]
                    : PersonFields.FallbackRoles(
                        seoas
                            .Select(a => a.Long("educationOrganizationReference", "educationOrganizationId"))
                            .Where(id => id is { } o && ctx.OrgIds.Contains(o))
                            .Select(id => (id!.Value, "student"))
                    );
            var email = Email(seoas);
            var grade = f?.Grade;

            foreach (var school in schools.Count > 0 ? schools.Select(s => (long?)s) : [null])
            {
                var sourcedId = Identifiers.Person("STU", uid, school);
                var metadata = JsonWrite.EdFiMetadata(
                    "students",
                    new JsonObject { ["studentUniqueId"] = uid },
                    ("educationOrganizationId", school is { } s ? JsonValue.Create(s) : null)
                );
                var body = PersonFields.Body(
                    ctx,
                    sourcedId,
                    metadata,
                    student,
                    email,
                    UserIds(uid, school, seoas)
                );
                body.Put("roles", roles.Count > 0 ? PersonFields.Roles(ctx, roles) : null);
                body["identifier"] = uid;
                body.Put("email", email);
                // D8: no grade → no grades key (the reference emits [null]).
                body.Put("grades", string.IsNullOrEmpty(grade) ? null : new JsonArray(grade));
                output.Add(
                    new ProjectedDocument(
                        "users",
                        sourcedId,
                        "student",
                        school is { } id ? [id] : [],
                        body,
                        Partitions.Student(uid)
                    )
                );
            }
        }
    }

    /// <summary>studentUniqueId, then the identification codes recorded on the SEOA at this row's school, by type.</summary>
    private static JsonArray UserIds(string uid, long? school, List<JsonElement> seoas)
    {
        var codes = school is { } schoolId
            ? seoas
                .Where(a => a.Long("educationOrganizationReference", "educationOrganizationId") == schoolId)
                .SelectMany(a => a.Arr("studentIdentificationCodes"))
                .Select(c =>
                    (
                        Type: DescriptorValue.CodeValue(c.Str("studentIdentificationSystemDescriptor")),
                        Id: c.Str("identificationCode")
                    )
                )
                .Where(c => !string.IsNullOrEmpty(c.Type) && !string.IsNullOrEmpty(c.Id))
                .OrderBy(c => c.Type, StringComparer.Ordinal)
                .ThenBy(c => c.Id, StringComparer.Ordinal)
                .ToList()
            : [];
        var ids = new JsonArray(PersonFields.UserId("studentUniqueId", uid));
        foreach (var (type, id) in codes)
        {
            ids.Add(PersonFields.UserId(type!, id!));
        }
        return ids;
    }

    /// <summary>
    /// Across all SEOAs: the first address by (Home/Personal first, then type, then address); none when that one is
    /// marked doNotPublish (no fallback to the next address).
    /// </summary>
    private static string? Email(List<JsonElement> seoas)
    {
        var first = seoas
            .SelectMany(a => a.Arr("electronicMails"))
            .Select(m =>
                (
                    Address: m.Str("electronicMailAddress"),
                    Type: DescriptorValue.CodeValue(m.Str("electronicMailTypeDescriptor")) ?? "",
                    DoNotPublish: m.Bool("doNotPublishIndicator") == true
                )
            )
            .Where(m => !string.IsNullOrEmpty(m.Address))
            .OrderBy(m => m.Type == "Home/Personal" ? 0 : 1)
            .ThenBy(m => m.Type, StringComparer.Ordinal)
            .ThenBy(m => m.Address, StringComparer.Ordinal)
            .FirstOrDefault();
        return first.Address is null || first.DoNotPublish ? null : first.Address;
    }
}
