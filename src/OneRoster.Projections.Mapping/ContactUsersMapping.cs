using System.Text.Json;
using System.Text.Json.Nodes;

namespace OneRoster.Projections.Mapping;

/// <summary>
/// users, contact (parent) rows (mapping.md 1.7): one row per contact, keyed to the primary school among the
/// existing schools of its linked students. ⚑ DS 4.0: parents / parentUniqueId / studentParentAssociations.
/// </summary>
internal static class ContactUsersMapping
{
    public static void Project(
        MappingContext ctx,
        Dictionary<string, StudentFacts> facts,
        List<ProjectedDocument> output
    )
    {
        var uidName = ctx.ContactUniqueIdName;
        var studentsOf = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var item in ctx.Get(ctx.StudentContactResource))
        {
            var contact = item.Data.Str(ctx.ContactReferenceName, uidName);
            var student = item.Data.Str("studentReference", "studentUniqueId");
            if (contact is null || student is null)
            {
                continue;
            }
            if (!studentsOf.TryGetValue(contact, out var list))
            {
                list = [];
                studentsOf[contact] = list;
            }
            list.Add(student);
        }

        foreach (var item in ctx.Get(ctx.ContactResource))
        {
            var person = item.Data;
            if (person.Str(uidName) is not { } uid)
            {
                continue;
            }
            var linked = (studentsOf.GetValueOrDefault(uid) ?? [])
                .Select(s => facts.GetValueOrDefault(s))
                .OfType<StudentFacts>()
                .ToList();

            // School → latest entryDate of any linked student there; primary = the latest, tie → lowest schoolId.
            var latestEntry = new Dictionary<long, string>();
            foreach (var (school, entry) in linked.SelectMany(f => f.LatestEntryBySchool))
            {
                if (
                    !latestEntry.TryGetValue(school, out var latest)
                    || string.CompareOrdinal(entry, latest) > 0
                )
                {
                    latestEntry[school] = entry;
                }
            }
            long? primary =
                latestEntry.Count == 0
                    ? null
                    : latestEntry
                        .OrderByDescending(kv => kv.Value, StringComparer.Ordinal)
                        .ThenBy(kv => kv.Key)
                        .First()
                        .Key;

            List<PersonFields.Role> roles =
                latestEntry.Count > 0
                    ? [.. latestEntry.Keys.Select(s => new PersonFields.Role("primary", "parent", s))]
                    : PersonFields.FallbackRoles(
                        linked
                            .SelectMany(f => f.EdOrgAssociations)
                            .Select(a => a.Long("educationOrganizationReference", "educationOrganizationId"))
                            .Where(id => id is { } o && ctx.OrgIds.Contains(o))
                            .Select(id => (id!.Value, "parent"))
                    );
            var email = Email(person);

            var sourcedId = Identifiers.Person("PAR", uid, primary);
            var metadata = JsonWrite.EdFiMetadata(
                ctx.ContactResource,
                new JsonObject { [uidName] = uid },
                ("educationOrganizationId", primary is { } p ? JsonValue.Create(p) : null)
            );
            var body = PersonFields.Body(
                ctx,
                sourcedId,
                metadata,
                person,
                email,
                new JsonArray(PersonFields.UserId(uidName, uid))
            );
            body.Put("roles", roles.Count > 0 ? PersonFields.Roles(ctx, roles) : null);
            body["identifier"] = uid;
            body.Put("email", email);
            output.Add(
                new ProjectedDocument(
                    "users",
                    sourcedId,
                    "parent",
                    primary is { } id ? [id] : [],
                    body,
                    Partitions.Contact(uid)
                )
            );
        }
    }

    /// <summary>The alphabetically smallest address marked primary and not doNotPublish (null on either excludes it).</summary>
    private static string? Email(JsonElement person) =>
        person
            .Arr("electronicMails")
            .Where(m =>
                m.Bool("primaryEmailAddressIndicator") == true && m.Bool("doNotPublishIndicator") == false
            )
            .Select(m => m.Str("electronicMailAddress"))
            .Where(a => !string.IsNullOrEmpty(a))
            .Order(StringComparer.Ordinal)
            .FirstOrDefault();
}
