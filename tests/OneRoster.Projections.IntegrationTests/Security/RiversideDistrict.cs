using System.Text.Json.Nodes;
using OneRoster.Projections.Api;
using OneRoster.Projections.IntegrationTests.Api;
using OneRoster.Projections.Storage;

namespace OneRoster.Projections.IntegrationTests.Security;

/// <summary>
/// A hand-built state for row-level authorization: SEA 1 over LEA 10 (schools 100 and 101) and LEA 20
/// (school 200), with every OneRoster class at each level, each document stored with the education
/// organization the projector gives it. What each credential sees is written out below, by hand.
/// </summary>
public static class RiversideDistrict
{
    public static IReadOnlyList<OneRosterDocument> All { get; } =
    [
        Org("sea-1", "state", 1, null),
        Org("lea-10", "district", 10, "sea-1"),
        Org("lea-20", "district", 20, "sea-1"),
        Org("sch-100", "school", 100, "lea-10"),
        Org("sch-101", "school", 101, "lea-10"),
        Org("sch-200", "school", 200, "lea-20"),
        Doc("academicSessions", "sy-lea-10", "schoolYear", [10], Session("schoolYear", null)),
        Doc("academicSessions", "sy-lea-20", "schoolYear", [20], Session("schoolYear", null)),
        Doc("academicSessions", "term-100", "term", [100], Session("term", null)),
        Doc("academicSessions", "term-101", "term", [101], Session("term", null)),
        Doc("academicSessions", "term-200", "term", [200], Session("term", null)),
        Doc("academicSessions", "gp-100", "gradingPeriod", [100], Session("gradingPeriod", "term-100")),
        Doc("courses", "crs-sea", null, [1], Course("sea-1")),
        Doc("courses", "crs-lea-10", null, [10], Course("lea-10")),
        Doc("courses", "crs-lea-20", null, [20], Course("lea-20")),
        Doc("courses", "crs-100", null, [100], Course("sch-100")),
        Doc("courses", "crs-200", null, [200], Course("sch-200")),
        Doc("classes", "cls-100", null, [100], Class("sch-100", "crs-100", "term-100")),
        Doc("classes", "cls-101", null, [101], Class("sch-101", "crs-lea-10", "term-101")),
        Doc("classes", "cls-200", null, [200], Class("sch-200", "crs-200", "term-200")),
        Doc("users", "stu-100", "student", [100], User("student", "sch-100")),
        Doc("users", "stu-101", "student", [101], User("student", "sch-101")),
        Doc("users", "stu-200", "student", [200], User("student", "sch-200")),
        Doc("users", "tea-100", "teacher", [100], User("teacher", "sch-100")),
        Doc("users", "tea-200", "teacher", [200], User("teacher", "sch-200")),
        Doc("users", "par-100", "parent", [100], User("parent", "sch-100")),
        // Staff whose classification maps to no role, and a student with no school: the reference
        // never shows either to a limited credential.
        Doc("users", "staff-norole-100", null, [100], User(null, "sch-100")),
        Doc("users", "stu-noschool", "student", [], User("student", null)),
        Doc(
            "enrollments",
            "enr-stu-100",
            "student",
            [100],
            Enrollment("stu-100", "cls-100", "sch-100", "student")
        ),
        Doc(
            "enrollments",
            "enr-tea-100",
            "teacher",
            [100],
            Enrollment("tea-100", "cls-100", "sch-100", "teacher")
        ),
        Doc(
            "enrollments",
            "enr-stu-101",
            "student",
            [101],
            Enrollment("stu-101", "cls-101", "sch-101", "student")
        ),
        Doc(
            "enrollments",
            "enr-stu-200",
            "student",
            [200],
            Enrollment("stu-200", "cls-200", "sch-200", "student")
        ),
        Doc("demographics", "stu-100", null, [100], new JsonObject { ["birthDate"] = "2010-01-02" }),
        Doc("demographics", "stu-200", null, [200], new JsonObject { ["birthDate"] = "2011-03-04" }),
    ];

    /// <summary>What a credential for school 100 reads, by document class.</summary>
    public static IReadOnlyDictionary<string, string[]> School100 { get; } =
        new Dictionary<string, string[]>
        {
            ["orgs"] = ["sch-100"],
            // Its LEA's school year and the courses owned above it stay readable (U, mapping.md §4).
            ["academicSessions"] = ["gp-100", "sy-lea-10", "term-100"],
            ["courses"] = ["crs-100", "crs-lea-10", "crs-sea"],
            ["classes"] = ["cls-100"],
            ["users"] = ["par-100", "stu-100", "tea-100"],
            ["enrollments"] = ["enr-stu-100", "enr-tea-100"],
            ["demographics"] = ["stu-100"],
        };

    /// <summary>What a credential for LEA 10 reads: itself and its two schools, not the SEA or LEA 20.</summary>
    public static IReadOnlyDictionary<string, string[]> District10 { get; } =
        new Dictionary<string, string[]>
        {
            ["orgs"] = ["lea-10", "sch-100", "sch-101"],
            ["academicSessions"] = ["gp-100", "sy-lea-10", "term-100", "term-101"],
            ["courses"] = ["crs-100", "crs-lea-10", "crs-sea"],
            ["classes"] = ["cls-100", "cls-101"],
            ["users"] = ["par-100", "stu-100", "stu-101", "tea-100"],
            ["enrollments"] = ["enr-stu-100", "enr-stu-101", "enr-tea-100"],
            ["demographics"] = ["stu-100"],
        };

    private const string Href = "http://127.0.0.1/ims/oneroster/rostering/v1p2";

    private static OneRosterDocument Org(string id, string type, long edorg, string? parent)
    {
        var body = new JsonObject
        {
            ["name"] = "Org " + id,
            ["type"] = type,
            ["identifier"] = edorg.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        if (parent is not null)
        {
            body["parent"] = Ref("orgs", parent, "org");
        }

        return Doc("orgs", id, type, [edorg], body);
    }

    private static JsonObject Session(string type, string? parent)
    {
        var body = new JsonObject
        {
            ["title"] = type,
            ["type"] = type,
            ["startDate"] = "2023-08-01",
            ["endDate"] = "2024-06-01",
            ["schoolYear"] = "2024",
        };
        if (parent is not null)
        {
            body["parent"] = Ref("academicSessions", parent, "academicSession");
        }

        return body;
    }

    private static JsonObject Course(string org) =>
        new()
        {
            ["title"] = "Course",
            ["courseCode"] = "C",
            ["org"] = Ref("orgs", org, "org"),
        };

    private static JsonObject Class(string school, string course, string term) =>
        new()
        {
            ["title"] = "Class",
            ["classType"] = "scheduled",
            ["course"] = Ref("courses", course, "course"),
            ["school"] = Ref("orgs", school, "org"),
            ["terms"] = new JsonArray(Ref("academicSessions", term, "academicSession")),
        };

    private static JsonObject User(string? role, string? school)
    {
        var body = new JsonObject
        {
            ["enabledUser"] = "true",
            ["givenName"] = "Given",
            ["familyName"] = "Family",
        };
        if (role is not null && school is not null)
        {
            body["roles"] = new JsonArray(
                new JsonObject
                {
                    ["roleType"] = "primary",
                    ["role"] = role,
                    ["org"] = Ref("orgs", school, "org"),
                }
            );
        }

        return body;
    }

    private static JsonObject Enrollment(string user, string @class, string school, string role) =>
        new()
        {
            ["user"] = Ref("users", user, "user"),
            ["class"] = Ref("classes", @class, "class"),
            ["school"] = Ref("orgs", school, "org"),
            ["role"] = role,
        };

    private static JsonObject Ref(string collection, string id, string type) =>
        new()
        {
            ["href"] = $"{Href}/{collection}/{id}",
            ["sourcedId"] = id,
            ["type"] = type,
        };

    private static OneRosterDocument Doc(
        string @class,
        string id,
        string? kind,
        long[] edorgs,
        JsonObject body
    )
    {
        var json = new JsonObject
        {
            ["sourcedId"] = id,
            ["status"] = "active",
            ["dateLastModified"] = "2024-05-01T12:00:00.000Z",
        };
        foreach (var (name, value) in body)
        {
            json[name] = value?.DeepClone();
        }

        var document = Documents.WithJson(@class, id, kind, json.ToJsonString());
        document.EducationOrganizationIds = [.. edorgs];
        return document;
    }

    /// <summary>The base collection path (not a subset) that serves documents of a class.</summary>
    public static RosteringCollection CollectionOf(string documentClass) =>
        RosteringCollections.All.First(c => c.DocumentClass == documentClass && c.Kind is null);
}
