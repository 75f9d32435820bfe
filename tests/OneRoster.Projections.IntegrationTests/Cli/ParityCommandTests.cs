using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using OneRoster.Projections.IntegrationTests.Api;
using OneRoster.Projections.Storage;
using OneRoster.Projections.Storage.Security;
using Xunit;

namespace OneRoster.Projections.IntegrationTests.Cli;

/// <summary>
/// <c>oneroster parity</c> run as the executable runs it, against the real API over HTTP on a small
/// district stored in PostgreSQL, with the expected documents written out by hand the way the reference
/// serves them: relative hrefs, other array and key orders, other dateLastModified values.
/// </summary>
public sealed class ParityCommandTests : IAsyncLifetime
{
    private const string Href = "http://127.0.0.1/ims/oneroster/rostering/v1p2";

    private ApiTestHost? api;
    private readonly string folder = Path.Combine(
        Path.GetTempPath(),
        "parity-" + Guid.NewGuid().ToString("N")
    );

    public async Task InitializeAsync()
    {
        OneRosterDocument[] served =
        [
            Served(
                "orgs",
                "d1",
                "district",
                $""" "name":"Sandbox District","type":"district","identifier":"255901","children":[{Ref("orgs", "s1", "org")},{Ref("orgs", "s2", "org")}]"""
            ),
            Served(
                "orgs",
                "s1",
                "school",
                $""" "name":"North Middle","type":"school","identifier":"25590101","parent":{Ref("orgs", "d1", "org")}"""
            ),
            Served(
                "orgs",
                "s2",
                "school",
                $""" "name":"South High","type":"school","identifier":"25590102","parent":{Ref("orgs", "d1", "org")}"""
            ),
            Served(
                "academicSessions",
                "y1",
                "schoolYear",
                """ "title":"2024-2025","startDate":"2024-08-19","endDate":"2025-05-30","type":"schoolYear","schoolYear":"2025" """
            ),
            Served(
                "academicSessions",
                "t1",
                "term",
                $""" "title":"Fall Semester","startDate":"2024-08-19","endDate":"2024-12-20","type":"term","parent":{Ref("academicSessions", "y1", "academicSession")},"schoolYear":"2025" """
            ),
            Served(
                "courses",
                "k1",
                null,
                $""" "title":"Math 7","courseCode":"MATH-07","schoolYear":{Ref("academicSessions", "y1", "academicSession")},"org":{Ref("orgs", "d1", "org")}"""
            ),
            Served(
                "classes",
                "c1",
                null,
                $""" "title":"Math 7","classCode":"MATH-07","classType":"scheduled","course":{Ref("courses", "k1", "course")},"school":{Ref("orgs", "s1", "org")},"terms":[{Ref("academicSessions", "t1", "academicSession")}],"periods":["1","3"]"""
            ),
            Served(
                "users",
                "u1",
                "student",
                $""" "enabledUser":"true","givenName":"Ann","familyName":"O'Brien","roles":[{Role("primary", "student", "s1")},{Role("secondary", "student", "s2")}],"grades":["07"]"""
            ),
            Served(
                "users",
                "u2",
                "teacher",
                $""" "enabledUser":"true","givenName":"Bob","familyName":"Smith","roles":[{Role("primary", "teacher", "s1")}]"""
            ),
            Served(
                "users",
                "u3",
                "student",
                $""" "enabledUser":"true","givenName":"Cy","familyName":"Old","roles":[{Role("primary", "student", "s1")}]""",
                "tobedeleted"
            ),
            Served(
                "enrollments",
                "e1",
                "student",
                $""" "user":{Ref("users", "u1", "user")},"class":{Ref("classes", "c1", "class")},"school":{Ref("orgs", "s1", "org")},"role":"student" """
            ),
            Served(
                "enrollments",
                "e2",
                "teacher",
                $""" "user":{Ref("users", "u2", "user")},"class":{Ref("classes", "c1", "class")},"school":{Ref("orgs", "s1", "org")},"role":"teacher","primary":"true" """
            ),
            Served(
                "demographics",
                "u1",
                null,
                """ "birthDate":"2011-02-03","sex":"female","white":"true","asian":"false" """
            ),
        ];
        api = await ApiTestHost.StartAsync(served);

        // As the reference would serve the same district: relative hrefs, children, periods and roles in
        // another order, members in another order, its own dateLastModified values. No u3: the reference
        // drops a vanished row where we keep a tombstone.
        Directory.CreateDirectory(folder);
        Write(
            "orgs.jsonl",
            """{"sourcedId":"d1","status":"active","dateLastModified":"2023-01-01T00:00:00.000Z","name":"Sandbox District","type":"district","identifier":"255901","children":[{"href":"/orgs/s2","sourcedId":"s2","type":"org"},{"href":"/orgs/s1","sourcedId":"s1","type":"org"}]}""",
            """{"sourcedId":"s2","status":"active","dateLastModified":"2023-01-01T00:00:00.000Z","name":"South High","type":"school","identifier":"25590102","parent":{"href":"/orgs/d1","sourcedId":"d1","type":"org"}}""",
            """{"sourcedId":"s1","status":"active","dateLastModified":"2023-01-01T00:00:00.000Z","type":"school","name":"North Middle","identifier":"25590101","parent":{"href":"/orgs/d1","sourcedId":"d1","type":"org"}}"""
        );
        Write(
            "academicSessions.jsonl",
            """{"sourcedId":"t1","status":"active","dateLastModified":"2023-02-02T00:00:00.000Z","title":"Fall Semester","startDate":"2024-08-19","endDate":"2024-12-20","type":"term","parent":{"href":"/academicSessions/y1","sourcedId":"y1","type":"academicSession"},"schoolYear":"2025"}""",
            """{"sourcedId":"y1","status":"active","title":"2024-2025","startDate":"2024-08-19","endDate":"2025-05-30","type":"schoolYear","schoolYear":"2025"}"""
        );
        Write(
            "courses.jsonl",
            """{"sourcedId":"k1","status":"active","dateLastModified":"2023-02-02T00:00:00.000Z","title":"Math 7","courseCode":"MATH-07","schoolYear":{"href":"/academicSessions/y1","sourcedId":"y1","type":"academicSession"},"org":{"href":"/orgs/d1","sourcedId":"d1","type":"org"}}"""
        );
        Write(
            "classes.jsonl",
            """{"sourcedId":"c1","status":"active","dateLastModified":"2023-02-02T00:00:00.000Z","title":"Math 7","classCode":"MATH-07","classType":"scheduled","course":{"href":"/courses/k1","sourcedId":"k1","type":"course"},"school":{"href":"/orgs/s1","sourcedId":"s1","type":"org"},"terms":[{"href":"/academicSessions/t1","type":"academicSession","sourcedId":"t1"}],"periods":["3","1"]}"""
        );
        Write(
            "users.jsonl",
            """{"sourcedId":"u1","status":"active","dateLastModified":"2023-03-03T00:00:00.000Z","enabledUser":"true","givenName":"Ann","familyName":"O'Brien","roles":[{"roleType":"secondary","role":"student","org":{"href":"/orgs/s2","sourcedId":"s2","type":"org"}},{"roleType":"primary","role":"student","org":{"href":"/orgs/s1","sourcedId":"s1","type":"org"}}],"grades":["07"]}""",
            """{"sourcedId":"u2","status":"active","dateLastModified":"2023-03-03T00:00:00.000Z","enabledUser":"true","givenName":"Bob","familyName":"Smith","roles":[{"roleType":"primary","role":"teacher","org":{"href":"/orgs/s1","sourcedId":"s1","type":"org"}}]}"""
        );
        Write(
            "enrollments.jsonl",
            """{"sourcedId":"e1","status":"active","dateLastModified":"2023-04-04T00:00:00.000Z","user":{"href":"/users/u1","sourcedId":"u1","type":"user"},"class":{"href":"/classes/c1","sourcedId":"c1","type":"class"},"school":{"href":"/orgs/s1","sourcedId":"s1","type":"org"},"role":"student"}""",
            """{"sourcedId":"e2","status":"active","dateLastModified":"2023-04-04T00:00:00.000Z","user":{"href":"/users/u2","sourcedId":"u2","type":"user"},"class":{"href":"/classes/c1","sourcedId":"c1","type":"class"},"school":{"href":"/orgs/s1","sourcedId":"s1","type":"org"},"role":"teacher","primary":"true"}"""
        );
        Write(
            "demographics.jsonl",
            """{"sourcedId":"u1","status":"active","dateLastModified":"2023-05-05T00:00:00.000Z","birthDate":"2011-02-03","sex":"female","asian":"false","white":"true"}"""
        );
    }

    public async Task DisposeAsync()
    {
        if (api is not null)
        {
            await api.DisposeAsync();
        }
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task a_matching_folder_exits_0_and_an_edited_and_a_deleted_document_exit_1_with_their_counts()
    {
        var baseUrl = new Uri(api!.Client.BaseAddress!, "ims/oneroster/rostering/v1p2").ToString();
        var report = Path.Combine(folder, "report.json");
        // The command gets its own token with client credentials, as an operator's run would.
        var credential = await api
            .App.Services.GetRequiredService<ApiClients>()
            .CreateAsync(api.Tenant, "parity test", [], null, CancellationToken.None);
        string[] login =
        [
            "--client-id",
            credential.Client.Id,
            "--client-secret",
            credential.Secret,
            "--token-url",
            new Uri(api.BaseAddress, "oauth/token").ToString(),
        ];

        // Page size 2: every class of more than two documents is read over several pages.
        var (exit, output) = await CliRunner.RunAsync([
            "parity",
            "--api",
            baseUrl,
            "--expected",
            folder,
            "--page-size",
            "2",
            "--report",
            report,
            .. login,
        ]);

        Assert.True(exit == 0, output);
        Assert.Contains("every compared document matches", output, StringComparison.Ordinal);
        var matching = JsonNode.Parse(await File.ReadAllTextAsync(report))!;
        Assert.True((bool)matching["matches"]!);
        var users = matching["classes"]!.AsArray().Single(c => (string)c!["class"]! == "users")!;
        Assert.Equal(
            (2, 3, 2, 1),
            (
                (int)users["expected"]!,
                (int)users["served"]!,
                (int)users["matching"]!,
                (int)users["tobedeletedNotExpected"]!
            )
        );

        // By hand: c1's school is s2 in the expected folder, and the teacher's enrollment e2 is gone.
        Write(
            "classes.jsonl",
            """{"sourcedId":"c1","status":"active","dateLastModified":"2023-02-02T00:00:00.000Z","title":"Math 7","classCode":"MATH-07","classType":"scheduled","course":{"href":"/courses/k1","sourcedId":"k1","type":"course"},"school":{"href":"/orgs/s2","sourcedId":"s2","type":"org"},"terms":[{"href":"/academicSessions/t1","type":"academicSession","sourcedId":"t1"}],"periods":["3","1"]}"""
        );
        Write(
            "enrollments.jsonl",
            """{"sourcedId":"e1","status":"active","dateLastModified":"2023-04-04T00:00:00.000Z","user":{"href":"/users/u1","sourcedId":"u1","type":"user"},"class":{"href":"/classes/c1","sourcedId":"c1","type":"class"},"school":{"href":"/orgs/s1","sourcedId":"s1","type":"org"},"role":"student"}"""
        );

        (exit, output) = await CliRunner.RunAsync([
            "parity",
            "--api",
            baseUrl,
            "--expected",
            folder,
            "--report",
            report,
            .. login,
        ]);

        Assert.True(exit == 1, output);
        Assert.Contains("differs: c1", output, StringComparison.Ordinal);
        Assert.Contains("school.sourcedId: expected \"s2\", served \"s1\"", output, StringComparison.Ordinal);
        Assert.Contains("extra: e2", output, StringComparison.Ordinal);
        Assert.Contains("Parity: differences found.", output, StringComparison.Ordinal);
        var differing = JsonNode.Parse(await File.ReadAllTextAsync(report))!;
        Assert.False((bool)differing["matches"]!);
        Assert.Equal(
            [
                "orgs 3 3 3 0 0 0",
                "academicSessions 2 2 2 0 0 0",
                "courses 1 1 1 0 0 0",
                "classes 1 1 0 1 0 0",
                "enrollments 1 2 1 0 0 1",
                "users 2 3 2 0 0 0",
                "demographics 1 1 1 0 0 0",
            ],
            differing["classes"]!
                .AsArray()
                .Select(c =>
                    $"{c!["class"]} {c["expected"]} {c["served"]} {c["matching"]} {c["differing"]} {c["missing"]} {c["extra"]}"
                )
        );
        var field = differing["classes"]![3]!["differingDocuments"]![0]!["fields"]![0]!;
        Assert.Equal("""{"path":"school.sourcedId","expected":"s2","served":"s1"}""", field.ToJsonString());
        Assert.Equal("""["e2"]""", differing["classes"]![4]!["extraSourcedIds"]!.ToJsonString());
    }

    [Fact]
    public async Task an_api_that_does_not_answer_exits_2_with_a_message_and_no_stack_trace()
    {
        var (exit, output) = await CliRunner.RunAsync(
            "parity",
            "--api",
            "http://127.0.0.1:9/ims/oneroster/rostering/v1p2",
            "--expected",
            folder
        );

        Assert.True(exit == 2, output);
        Assert.StartsWith(
            "error: Cannot reach the API at http://127.0.0.1:9/",
            output,
            StringComparison.Ordinal
        );
        Assert.DoesNotContain(" at OneRoster.", output, StringComparison.Ordinal);
    }

    private void Write(string file, params string[] lines) =>
        File.WriteAllLines(Path.Combine(folder, file), lines);

    private static string Ref(string collection, string id, string type) =>
        $$"""{"href":"{{Href}}/{{collection}}/{{id}}","sourcedId":"{{id}}","type":"{{type}}"}""";

    private static string Role(string roleType, string role, string school) =>
        $$"""{"roleType":"{{roleType}}","role":"{{role}}","org":{{Ref("orgs", school, "org")}}}""";

    private static OneRosterDocument Served(
        string @class,
        string sourcedId,
        string? kind,
        string fields,
        string status = "active"
    )
    {
        var json =
            $$"""{"sourcedId":"{{sourcedId}}","status":"{{status}}","dateLastModified":"2024-05-01T12:00:00.000Z",{{fields.Trim()}}}""";
        var document = Documents.WithJson(@class, sourcedId, kind, json);
        document.Status = status;
        return document;
    }
}
