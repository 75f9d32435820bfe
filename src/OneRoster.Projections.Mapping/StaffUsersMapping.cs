using System.Text.Json;
using System.Text.Json.Nodes;

namespace OneRoster.Projections.Mapping;

/// <summary>
/// users, staff rows (mapping.md 1.7): one per distinct (staff, existing school of a staffSchoolAssociation), or
/// one without a school. Classification per school comes from assignments at the school, else at its LEA.
/// </summary>
internal static class StaffUsersMapping
{
    public static void Project(MappingContext ctx, List<ProjectedDocument> output)
    {
        // staff → existing school → the highest change version at which an association there was first seen (D6).
        var schoolsOf = new Dictionary<string, Dictionary<long, long>>(StringComparer.Ordinal);
        foreach (var item in ctx.Get("staffSchoolAssociations"))
        {
            var uid = item.Data.Str("staffReference", "staffUniqueId");
            var school = item.Data.Long("schoolReference", "schoolId");
            if (uid is null || school is not { } s || !ctx.SchoolExists(s))
            {
                continue;
            }
            if (!schoolsOf.TryGetValue(uid, out var bySchool))
            {
                bySchool = [];
                schoolsOf[uid] = bySchool;
            }
            bySchool[s] = Math.Max(bySchool.GetValueOrDefault(s, long.MinValue), item.FirstSeenChangeVersion);
        }

        // (staff, edorg) → mapped classification of each assignment there (null when unmapped); endDate ignored.
        var assignments = new Dictionary<(string Staff, long EdOrg), List<string?>>();
        var assignmentOrgs = new Dictionary<string, List<long>>(StringComparer.Ordinal);
        foreach (var item in ctx.Get("staffEducationOrganizationAssignmentAssociations"))
        {
            var uid = item.Data.Str("staffReference", "staffUniqueId");
            var edorg = item.Data.Long("educationOrganizationReference", "educationOrganizationId");
            if (uid is null || edorg is not { } e)
            {
                continue;
            }
            if (!assignments.TryGetValue((uid, e), out var list))
            {
                list = [];
                assignments[(uid, e)] = list;
                if (!assignmentOrgs.TryGetValue(uid, out var orgs))
                {
                    orgs = [];
                    assignmentOrgs[uid] = orgs;
                }
                orgs.Add(e);
            }
            list.Add(
                ctx.Map("StaffClassificationDescriptor", item.Data.Str("staffClassificationDescriptor"))
            );
        }

        var teaches = ctx.Get("staffSectionAssociations")
            .Select(i => i.Data.Str("staffReference", "staffUniqueId"))
            .OfType<string>()
            .ToHashSet(StringComparer.Ordinal);
        var contactEmails = ctx.GroupBy("staffEducationOrganizationContactAssociations", d =>
            d.Str("staffReference", "staffUniqueId")
        );

        foreach (var item in ctx.Get("staffs"))
        {
            var staff = item.Data;
            if (staff.Str("staffUniqueId") is not { } uid)
            {
                continue;
            }
            var bySchool = schoolsOf.GetValueOrDefault(uid);
            var schools = bySchool is null ? [] : bySchool.Keys.Order().ToList();
            var primary = bySchool?.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key).First().Key;

            var perSchool = schools.ToDictionary(s => s, s => Classifications(ctx, assignments, uid, s));
            var role = perSchool
                .Values.SelectMany(v => v)
                .OfType<string>()
                .Order(StringComparer.Ordinal)
                .FirstOrDefault()
                ?? (schools.Count > 0 && teaches.Contains(uid) ? "teacher" : null);

            // The reference emits "role": null where a school gives no mapped classification; OneRoster requires a
            // role value, so such an entry takes the person's role (e.g. teacher, because they teach) or is left out.
            List<PersonFields.Role> roles =
                schools.Count > 0
                    ?
                    [
                        .. perSchool.SelectMany(kv =>
                            kv.Value.Select(c => c ?? role)
                                .OfType<string>()
                                .Distinct()
                                .Select(c => new PersonFields.Role(
                                    kv.Key == primary ? "primary" : "secondary",
                                    c,
                                    kv.Key
                                ))
                        ),
                    ]
                    : PersonFields.FallbackRoles(
                        (assignmentOrgs.GetValueOrDefault(uid) ?? [])
                            .Where(ctx.OrgIds.Contains)
                            .SelectMany(org => assignments[(uid, org)].OfType<string>().Select(c => (org, c)))
                    );
            var email = Email(staff, contactEmails.GetValueOrDefault(uid));
            var userIds = UserIds(uid, staff);

            foreach (var school in schools.Count > 0 ? schools.Select(s => (long?)s) : [null])
            {
                var sourcedId = Identifiers.Person("STA", uid, school);
                var metadata = JsonWrite.EdFiMetadata(
                    "staffs",
                    new JsonObject { ["staffUniqueId"] = uid },
                    ("staffClassification", role),
                    ("educationOrganizationId", school is { } s ? JsonValue.Create(s) : null)
                );
                var body = PersonFields.Body(
                    ctx,
                    sourcedId,
                    metadata,
                    staff,
                    email,
                    userIds?.DeepClone().AsArray()
                );
                body.Put("roles", roles.Count > 0 ? PersonFields.Roles(ctx, roles) : null);
                body["identifier"] = uid;
                body.Put("email", email);
                output.Add(
                    new ProjectedDocument(
                        "users",
                        sourcedId,
                        role,
                        school is { } id ? [id] : [],
                        body,
                        Partitions.Staff(uid)
                    )
                );
            }
        }
    }

    /// <summary>
    /// The distinct classifications at one school: each assignment at the school gives its mapped value; where that
    /// is null (unmapped, or no assignment there) each assignment at the school's LEA gives its value instead.
    /// </summary>
    private static List<string?> Classifications(
        MappingContext ctx,
        Dictionary<(string, long), List<string?>> assignments,
        string uid,
        long school
    )
    {
        var atSchool = assignments.GetValueOrDefault((uid, school)) ?? [null];
        var atLea = ctx.LeaOf(school) is { } lea ? assignments.GetValueOrDefault((uid, lea)) : null;
        var result = new List<string?>();
        foreach (var value in atSchool)
        {
            foreach (var v in value is null ? atLea ?? [null] : [value])
            {
                if (!result.Contains(v))
                {
                    result.Add(v);
                }
            }
        }
        return result;
    }

    /// <summary>staffUniqueId then identification codes by type; absent altogether when there are no codes.</summary>
    private static JsonArray? UserIds(string uid, JsonElement staff)
    {
        var codes = staff
            .Arr("identificationCodes")
            .Select(c =>
                (
                    Type: DescriptorValue.CodeValue(c.Str("staffIdentificationSystemDescriptor")),
                    Id: c.Str("identificationCode")
                )
            )
            .Where(c => !string.IsNullOrEmpty(c.Type) && !string.IsNullOrEmpty(c.Id))
            .OrderBy(c => c.Type, StringComparer.Ordinal)
            .ThenBy(c => c.Id, StringComparer.Ordinal)
            .ToList();
        if (codes.Count == 0)
        {
            return null;
        }
        var ids = new JsonArray(PersonFields.UserId("staffUniqueId", uid));
        foreach (var (type, id) in codes)
        {
            ids.Add(PersonFields.UserId(type!, id!));
        }
        return ids;
    }

    /// <summary>
    /// The staff member's electronicMails plus contact associations (type = contactTitle): the first by (Work first,
    /// then type, then address), dropped when marked doNotPublish.
    /// </summary>
    private static string? Email(JsonElement staff, List<JsonElement>? contacts)
    {
        var candidates = staff
            .Arr("electronicMails")
            .Select(m =>
                (
                    Address: m.Str("electronicMailAddress"),
                    Type: DescriptorValue.CodeValue(m.Str("electronicMailTypeDescriptor")) ?? "",
                    DoNotPublish: m.Bool("doNotPublishIndicator") == true
                )
            )
            .Concat(
                (contacts ?? []).Select(c =>
                    (
                        Address: c.Str("electronicMailAddress"),
                        Type: c.Str("contactTitle") ?? "",
                        DoNotPublish: false
                    )
                )
            );
        var first = candidates
            .Where(m => !string.IsNullOrEmpty(m.Address))
            .OrderBy(m => m.Type == "Work" ? 0 : 1)
            .ThenBy(m => m.Type, StringComparer.Ordinal)
            .ThenBy(m => m.Address, StringComparer.Ordinal)
            .FirstOrDefault();
        return first.Address is null || first.DoNotPublish ? null : first.Address;
    }
}
