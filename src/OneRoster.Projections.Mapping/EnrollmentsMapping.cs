using System.Text.Json;
using System.Text.Json.Nodes;

namespace OneRoster.Projections.Mapping;

/// <summary>
/// enrollments (mapping.md 1.5): staffSectionAssociations (role teacher) ∪ studentSectionAssociations (role student)
/// whose section and person exist. The class row itself is not required.
/// </summary>
internal static class EnrollmentsMapping
{
    public static void Project(MappingContext ctx, List<ProjectedDocument> output)
    {
        var sections = new HashSet<SectionKey>();
        foreach (var item in ctx.Get("sections"))
        {
            if (
                item.Data.Str("sectionIdentifier") is { } id
                && JsonRead.SectionKeyOf(item.Data.Obj("courseOfferingReference"), id) is { } key
            )
            {
                sections.Add(key);
            }
        }
        var staffs = UniqueIds(ctx, "staffs", "staffUniqueId");
        var students = UniqueIds(ctx, "students", "studentUniqueId");

        // ⚑ DS 4.0: beginDate is not part of the staff section key, so it is not in the sourcedId either.
        var staffKeyHasBeginDate = !ctx.IsDataStandard4;
        foreach (var item in ctx.Get("staffSectionAssociations"))
        {
            var data = item.Data;
            var uid = data.Str("staffReference", "staffUniqueId");
            if (uid is null || !staffs.Contains(uid) || Section(data, sections) is not { } key)
            {
                continue;
            }
            var primary = ctx.MapsToTrue(
                "ClassroomPositionDescriptor",
                data.Str("classroomPositionDescriptor")
            );
            output.Add(
                Enrollment(
                    ctx,
                    data,
                    "staffSectionAssociations",
                    "staffUniqueId",
                    "STA",
                    uid,
                    key,
                    "teacher",
                    primary,
                    staffKeyHasBeginDate
                )
            );
        }
        foreach (var item in ctx.Get("studentSectionAssociations"))
        {
            var data = item.Data;
            var uid = data.Str("studentReference", "studentUniqueId");
            if (uid is null || !students.Contains(uid) || Section(data, sections) is not { } key)
            {
                continue;
            }
            output.Add(
                Enrollment(
                    ctx,
                    data,
                    "studentSectionAssociations",
                    "studentUniqueId",
                    "STU",
                    uid,
                    key,
                    "student",
                    false,
                    true
                )
            );
        }
    }

    private static HashSet<string> UniqueIds(MappingContext ctx, string resource, string name) =>
        [.. ctx.Get(resource).Select(i => i.Data.Str(name)).OfType<string>()];

    private static SectionKey? Section(JsonElement association, HashSet<SectionKey> sections)
    {
        var reference = association.Obj("sectionReference");
        return
            reference?.Str("sectionIdentifier") is { } id
            && JsonRead.SectionKeyOf(reference, id) is { } key
            && sections.Contains(key)
            ? key
            : null;
    }

    private static ProjectedDocument Enrollment(
        MappingContext ctx,
        JsonElement data,
        string resource,
        string uidName,
        string userPrefix,
        string uid,
        SectionKey key,
        string role,
        bool primary,
        bool keyHasBeginDate
    )
    {
        var beginDate = data.Date("beginDate");
        var keyBeginDate = data.KeyDate("beginDate");
        var sourcedId = Identifiers.Enrollment(uid, key, keyHasBeginDate ? keyBeginDate ?? "" : null);
        var naturalKey = new JsonObject
        {
            [uidName] = uid,
            ["localCourseCode"] = key.LocalCourseCode,
            ["schoolId"] = key.SchoolId,
            ["schoolYear"] = key.SchoolYear,
            ["sectionIdentifier"] = key.SectionIdentifier,
            ["sessionName"] = key.SessionName,
        };
        if (keyHasBeginDate)
        {
            naturalKey["beginDate"] = keyBeginDate;
        }
        var body = new JsonObject
        {
            ["sourcedId"] = sourcedId,
            ["metadata"] = JsonWrite.EdFiMetadata(resource, naturalKey),
            ["user"] = ctx.Refs.User(ctx.PersonId(userPrefix, uid, key.SchoolId)),
            ["class"] = ctx.Refs.Class(ctx.ClassId(key)),
            ["school"] = ctx.Refs.Org(ctx.OrgId(key.SchoolId)),
            ["role"] = role,
            ["primary"] = primary ? "true" : "false",
        };
        body.Put("beginDate", beginDate);
        body.Put("endDate", data.Date("endDate"));
        return new ProjectedDocument(
            "enrollments",
            sourcedId,
            role,
            [key.SchoolId],
            body,
            Partitions.Class(key)
        );
    }
}
