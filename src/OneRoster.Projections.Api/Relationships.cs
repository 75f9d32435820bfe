using OneRoster.Projections.Storage;

namespace OneRoster.Projections.Api;

/// <summary>One parent in a nested path: the collection its id must exist in, and the route parameter.</summary>
public sealed record RelationshipParent(RosteringCollection Collection, string Parameter);

/// <summary>
/// A nested endpoint, e.g. <c>/schools/{schoolSourcedId}/classes</c>: the parents whose ids must
/// exist, the collection served, and the SQL condition tying a served row to the parent ids.
/// </summary>
/// <param name="Condition">Given the SQL context and one placeholder per parent id, a condition on <c>d</c>/<c>j</c>.</param>
public sealed record Relationship(
    string OperationId,
    string Tag,
    IReadOnlyList<RelationshipParent> Parents,
    string Segment,
    RosteringCollection Target,
    Func<RelationSql, IReadOnlyList<string>, string> Condition
)
{
    public string Path =>
        string.Concat(Parents.Select(parent => $"/{parent.Collection.Path}/{{{parent.Parameter}}}"))
        + "/"
        + Segment;
}

/// <summary>
/// The seventeen nested endpoints of OneRoster 1.2 Rostering, each worked out from the stored objects:
/// <list type="bullet">
/// <item>classes of a school, course or term: the class's <c>school</c>, <c>course</c> or <c>terms</c>;
/// courses of a school: the course's <c>org</c>; enrollments of a school or class: the enrollment's
/// <c>school</c> or <c>class</c>; grading periods of a term: the period's <c>parent</c>.</item>
/// <item>students and teachers of a school: users holding that role with that school as the role's org.</item>
/// <item>students and teachers of a class, and classes of a user: active enrollments (a tobedeleted
/// enrollment no longer places anyone in a class) with that role, class and user.</item>
/// <item>terms of a school: the school's classes' terms that are terms (the /terms subset).</item>
/// </list>
/// </summary>
public static class Relationships
{
    private static RosteringCollection Collection(string path) =>
        RosteringCollections.All.Single(collection => collection.Path == path);

    private static readonly RelationshipParent School = new(Collection("schools"), "schoolSourcedId");
    private static readonly RelationshipParent Class = new(Collection("classes"), "classSourcedId");

    public static IReadOnlyList<Relationship> All { get; } =
    [
        new(
            "getStudentsForClass",
            "ClassesManagement",
            [Class],
            "students",
            Collection("users"),
            (sql, ids) => EnrolledUsers(sql, "student", ids[0])
        ),
        new(
            "getTeachersForClass",
            "ClassesManagement",
            [Class],
            "teachers",
            Collection("users"),
            (sql, ids) => EnrolledUsers(sql, "teacher", ids[0])
        ),
        new(
            "getClassesForCourse",
            "CoursesManagement",
            [new(Collection("courses"), "courseSourcedId")],
            "classes",
            Collection("classes"),
            (_, ids) => RefIs("course", ids[0])
        ),
        new(
            "getClassesForSchool",
            "SchoolsManagement",
            [School],
            "classes",
            Collection("classes"),
            (_, ids) => RefIs("school", ids[0])
        ),
        new(
            "getEnrollmentsForClassInSchool",
            "SchoolsManagement",
            [School, Class],
            "enrollments",
            Collection("enrollments"),
            (_, ids) => $"{RefIs("school", ids[0])} and {RefIs("class", ids[1])}"
        ),
        new(
            "getStudentsForClassInSchool",
            "SchoolsManagement",
            [School, Class],
            "students",
            Collection("users"),
            (sql, ids) => EnrolledUsers(sql, "student", ids[1])
        ),
        new(
            "getTeachersForClassInSchool",
            "SchoolsManagement",
            [School, Class],
            "teachers",
            Collection("users"),
            (sql, ids) => EnrolledUsers(sql, "teacher", ids[1])
        ),
        new(
            "getCoursesForSchool",
            "SchoolsManagement",
            [School],
            "courses",
            Collection("courses"),
            (_, ids) => RefIs("org", ids[0])
        ),
        new(
            "getEnrollmentsForSchool",
            "SchoolsManagement",
            [School],
            "enrollments",
            Collection("enrollments"),
            (_, ids) => RefIs("school", ids[0])
        ),
        new(
            "getStudentsForSchool",
            "SchoolsManagement",
            [School],
            "students",
            Collection("users"),
            (_, ids) => RoleAt("student", ids[0])
        ),
        new(
            "getTeachersForSchool",
            "SchoolsManagement",
            [School],
            "teachers",
            Collection("users"),
            (_, ids) => RoleAt("teacher", ids[0])
        ),
        new("getTermsForSchool", "SchoolsManagement", [School], "terms", Collection("terms"), TermsOfSchool),
        new(
            "getClassesForStudent",
            "StudentsManagement",
            [new(Collection("students"), "studentSourcedId")],
            "classes",
            Collection("classes"),
            (sql, ids) => EnrolledClasses(sql, "student", ids[0])
        ),
        new(
            "getClassesForTeacher",
            "TeachersManagement",
            [new(Collection("teachers"), "teacherSourcedId")],
            "classes",
            Collection("classes"),
            (sql, ids) => EnrolledClasses(sql, "teacher", ids[0])
        ),
        new(
            "getClassesForTerm",
            "TermsManagement",
            [new(Collection("terms"), "termSourcedId")],
            "classes",
            Collection("classes"),
            (_, ids) => RefIs("term", ids[0])
        ),
        new(
            "getGradingPeriodsForTerm",
            "TermsManagement",
            [new(Collection("terms"), "termSourcedId")],
            "gradingPeriods",
            Collection("gradingPeriods"),
            (_, ids) => RefIs("parent", ids[0])
        ),
        new(
            "getClassesForUser",
            "UsersManagement",
            [new(Collection("users"), "userSourcedId")],
            "classes",
            Collection("classes"),
            (sql, ids) => EnrolledClasses(sql, null, ids[0])
        ),
    ];

    /// <summary>
    /// Row <paramref name="alias"/> holds the related id <paramref name="prefix"/> followed by the parent id
    /// <paramref name="id"/> (a placeholder); the prefixes are <see cref="RelatedIds"/>'s own.
    /// </summary>
    private static string Holds(string alias, string prefix, string id) =>
        $"{alias}.related_ids @> array['{prefix}' || {id}]";

    /// <summary>Row <paramref name="alias"/>'s <paramref name="field"/> reference (or one of its terms) is <paramref name="id"/>.</summary>
    private static string Refers(string alias, string field, string id) =>
        Holds(alias, RelatedIds.Of(field, ""), id);

    private static string RefIs(string field, string id) => Refers("d", field, id);

    private static string RoleAt(string role, string school) => Holds("d", RelatedIds.Role(role, ""), school);

    // "= any(array(subquery))" runs the uncorrelated subquery once, as an init plan. With "in (subquery)"
    // the planner may re-run it for every candidate row when its estimates are off.
    // The rows are then looked up by their document ids, one primary-key probe each.
    private static string EnrolledUsers(RelationSql sql, string role, string classId) =>
        $"d.id = any(array({Enrollments(sql, "users", "user", role)} and {Refers("e", "class", classId)}))";

    private static string EnrolledClasses(RelationSql sql, string? role, string userId) =>
        $"d.id = any(array({Enrollments(sql, "classes", "class", role)} and {Refers("e", "user", userId)}))";

    /// <summary>
    /// The document ids (in <paramref name="documentClass"/>) of the <paramref name="selected"/> reference of
    /// active enrollments with the role.
    /// </summary>
    private static string Enrollments(RelationSql sql, string documentClass, string selected, string? role) =>
        $"select '{OneRosterDocument.IdOf(documentClass, "")}' || ({RelationSql.Json("e")} #>> '{{{selected},sourcedId}}') "
        + $"from {sql.Table} e "
        + $"where e.tenant_id = {sql.Tenant} and e.class = 'enrollments' and e.status = 'active'"
        + (role is null ? "" : $" and e.kind = '{role}'");

    private static string TermsOfSchool(RelationSql sql, IReadOnlyList<string> ids) =>
        $"d.sourced_id = any(array(select t.v ->> 'sourcedId' from {sql.Table} c "
        + $"cross join lateral {ArrayOf(RelationSql.Json("c"), "terms")} as t(v) "
        + $"where c.tenant_id = {sql.Tenant} and c.class = 'classes' and {Refers("c", "school", ids[0])}))";

    private static string ArrayOf(string json, string key) =>
        $"jsonb_array_elements(case when jsonb_typeof({json} -> '{key}') = 'array' "
        + $"then {json} -> '{key}' else '[]'::jsonb end)";
}
