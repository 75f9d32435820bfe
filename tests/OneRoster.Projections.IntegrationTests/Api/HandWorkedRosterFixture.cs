using OneRoster.Projections.Storage;
using Xunit;

namespace OneRoster.Projections.IntegrationTests.Api;

/// <summary>
/// A small roster whose every answer is worked out by hand: two schools, a course, two classes, two
/// terms with a grading period, three users and four enrollments (one tobedeleted).
/// </summary>
public sealed class HandWorkedRoster : IAsyncLifetime
{
    private const string Href = "http://127.0.0.1/ims/oneroster/rostering/v1p2";

    private ApiTestHost? host;

    public HttpClient Client => host!.Client;

    public async Task InitializeAsync()
    {
        OneRosterDocument[] documents =
        [
            Stored("orgs", "school-a", "school", """ "name":"A","type":"school","identifier":"1" """),
            Stored("orgs", "school-b", "school", """ "name":"B","type":"school","identifier":"2" """),
            Stored(
                "courses",
                "k1",
                null,
                $""" "title":"Math","courseCode":"M1","org":{Ref("orgs", "school-a", "org")} """
            ),
            Stored("academicSessions", "t1", "term", Session("term", null)),
            Stored("academicSessions", "t2", "term", Session("term", null)),
            Stored("academicSessions", "gp1", "gradingPeriod", Session("gradingPeriod", "t1")),
            Stored("classes", "c1", null, Class("school-a", """["t1"]""")),
            Stored("classes", "c2", null, Class("school-b", """["t1","t2"]""")),
            Stored(
                "users",
                "u1",
                "student",
                User("Ann", "O'Brien", "student", "school-a", ""","grades":["09"]"""),
                "2024-01-10T08:00:00Z"
            ),
            Stored(
                "users",
                "u2",
                "teacher",
                User("Bob", "Smith", "teacher", "school-b", ""),
                "2024-03-01T00:00:00Z",
                "tobedeleted"
            ),
            Stored(
                "users",
                "u3",
                "student",
                User("ann-marie", "Zed", "student", "school-b", ""","grades":["10","11"]"""),
                "2024-03-01T12:30:00Z"
            ),
            Stored("enrollments", "e1", "student", Enrollment("u1", "c1", "school-a", "student")),
            Stored("enrollments", "e2", "teacher", Enrollment("u2", "c2", "school-b", "teacher")),
            Stored("enrollments", "e3", "student", Enrollment("u3", "c2", "school-b", "student")),
            Stored(
                "enrollments",
                "e4",
                "student",
                Enrollment("u1", "c2", "school-b", "student"),
                status: "tobedeleted"
            ),
        ];
        host = await ApiTestHost.StartAsync(documents);
    }

    public async Task DisposeAsync()
    {
        if (host is not null)
        {
            await host.DisposeAsync();
        }
    }

    private static string Ref(string collection, string id, string type) =>
        $$"""{"href":"{{Href}}/{{collection}}/{{id}}","sourcedId":"{{id}}","type":"{{type}}"}""";

    private static string Session(string type, string? parent) =>
        $""" "title":"S","startDate":"2021-08-23","endDate":"2021-12-18","type":"{type}","schoolYear":"2022" """
        + (parent is null ? "" : $""","parent":{Ref("academicSessions", parent, "academicSession")}""");

    private static string Class(string school, string terms) =>
        $""" "title":"C","course":{Ref("courses", "k1", "course")},"school":{Ref("orgs", school, "org")},"terms":["""
        + string.Join(
            ',',
            System
                .Text.Json.JsonSerializer.Deserialize<string[]>(terms)!
                .Select(t => Ref("academicSessions", t, "academicSession"))
        )
        + "]";

    private static string User(string given, string family, string role, string school, string extra) =>
        $$""" "enabledUser":"true","givenName":"{{given}}","familyName":"{{family}}","roles":[{"roleType":"primary","role":"{{role}}","org":{{Ref("orgs", school, "org")}}}]{{extra}}""";

    private static string Enrollment(string user, string @class, string school, string role) =>
        $""" "user":{Ref("users", user, "user")},"class":{Ref("classes", @class, "class")},"school":{Ref("orgs", school, "org")},"role":"{role}" """;

    private static OneRosterDocument Stored(
        string @class,
        string sourcedId,
        string? kind,
        string fields,
        string modified = "2024-05-01T12:00:00Z",
        string status = "active"
    )
    {
        var stamp = DateTimeOffset.Parse(modified, System.Globalization.CultureInfo.InvariantCulture);
        var json =
            $$"""{"sourcedId":"{{sourcedId}}","status":"{{status}}","dateLastModified":"{{stamp.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss.fff'Z'}}",{{fields.Trim()}}}""";
        var document = Documents.WithJson(@class, sourcedId, kind, json);
        document.Status = status;
        document.DateLastModified = stamp;
        return document;
    }
}
