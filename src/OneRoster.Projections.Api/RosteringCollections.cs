namespace OneRoster.Projections.Api;

/// <summary>
/// One collection endpoint of the rostering service: where it is mounted, which stored documents it
/// serves, and the envelope keys the OneRoster 1.2 OpenAPI gives it.
/// </summary>
/// <param name="Path">Path segment under the base path, e.g. <c>students</c>.</param>
/// <param name="DocumentClass">The <c>OneRosterDocument.Class</c> it reads, e.g. <c>users</c>.</param>
/// <param name="Kind">When set, only documents of this <c>Kind</c> belong to the endpoint (subset endpoints).</param>
/// <param name="CollectionKey">Envelope key of the collection response: the plural base-class name.</param>
/// <param name="SingleKey">Envelope key of the single-object response.</param>
/// <param name="CollectionOperationId">operationId of the collection GET in the official OpenAPI.</param>
/// <param name="SingleOperationId">operationId of the single-object GET in the official OpenAPI.</param>
/// <param name="Tag">OpenAPI tag, as in the official document.</param>
public sealed record RosteringCollection(
    string Path,
    string DocumentClass,
    string? Kind,
    string CollectionKey,
    string SingleKey,
    string CollectionOperationId,
    string SingleOperationId,
    string Tag
);

/// <summary>The twelve collection endpoints of OneRoster 1.2 Rostering and their single-object forms.</summary>
public static class RosteringCollections
{
    public const string BasePath = "/ims/oneroster/rostering/v1p2";

    public static IReadOnlyList<RosteringCollection> All { get; } =
    [
        new(
            "academicSessions",
            "academicSessions",
            null,
            "academicSessions",
            "academicSession",
            "getAllAcademicSessions",
            "getAcademicSession",
            "AcademicSessionsManagement"
        ),
        new(
            "gradingPeriods",
            "academicSessions",
            "gradingPeriod",
            "academicSessions",
            "academicSession",
            "getAllGradingPeriods",
            "getGradingPeriod",
            "GradingPeriodsManagement"
        ),
        new(
            "terms",
            "academicSessions",
            "term",
            "academicSessions",
            "academicSession",
            "getAllTerms",
            "getTerm",
            "TermsManagement"
        ),
        new("classes", "classes", null, "classes", "class", "getAllClasses", "getClass", "ClassesManagement"),
        new(
            "courses",
            "courses",
            null,
            "courses",
            "course",
            "getAllCourses",
            "getCourse",
            "CoursesManagement"
        ),
        // The single-object key of demographics is plural too (SingleDemographicsDType.demographics).
        new(
            "demographics",
            "demographics",
            null,
            "demographics",
            "demographics",
            "getAllDemographics",
            "getDemographics",
            "DemographicsManagement"
        ),
        new(
            "enrollments",
            "enrollments",
            null,
            "enrollments",
            "enrollment",
            "getAllEnrollments",
            "getEnrollment",
            "EnrollmentsManagement"
        ),
        new("orgs", "orgs", null, "orgs", "org", "getAllOrgs", "getOrg", "OrgsManagement"),
        new("schools", "orgs", "school", "orgs", "org", "getAllSchools", "getSchool", "SchoolsManagement"),
        new("users", "users", null, "users", "user", "getAllUsers", "getUser", "UsersManagement"),
        new(
            "students",
            "users",
            "student",
            "users",
            "user",
            "getAllStudents",
            "getStudent",
            "StudentsManagement"
        ),
        new(
            "teachers",
            "users",
            "teacher",
            "users",
            "user",
            "getAllTeachers",
            "getTeacher",
            "TeachersManagement"
        ),
    ];
}
