using System.Text.Json;
using System.Text.Json.Nodes;
using OneRoster.Projections.IntegrationTests.Infrastructure;
using OneRoster.Projections.Mapping;
using OneRoster.Projections.Storage;
using Xunit;

namespace OneRoster.Projections.IntegrationTests.Api;

/// <summary>
/// The bundled Grand Bend sample projected by the real mapping and stored as the projector stores it
/// (sourcedId, status, dateLastModified first), plus one term with a grading period that a class of the
/// busiest school runs in: Grand Bend's sessions are semesters, and the term endpoints need a term.
/// The ids the tests use are picked from the data, not hard-coded.
/// </summary>
public sealed class GrandBendApiFixture : IAsyncLifetime
{
    public const string HrefBase = "http://127.0.0.1/ims/oneroster/rostering/v1p2";
    public const string TermId = "test-term-fall-2021";
    public const string GradingPeriodId = "test-grading-period-1";
    public static readonly DateTimeOffset Stamp = new(2024, 5, 1, 12, 0, 0, TimeSpan.Zero);

    private ApiTestHost? host;

    public HttpClient Client => host!.Client;

    public IReadOnlyList<OneRosterDocument> Stored { get; private set; } = [];

    /// <summary>An id per path parameter and per collection, e.g. <c>schoolSourcedId</c>, <c>users</c>.</summary>
    public IReadOnlyDictionary<string, string> Ids { get; private set; } = new Dictionary<string, string>();

    public async Task InitializeAsync()
    {
        var projected = OneRosterMapper.Project(LoadSources(), new MappingOptions(5, HrefBase, Defaults()));
        var bodies = projected
            .GroupBy(document => (document.Class, document.SourcedId))
            .Select(group => group.First())
            .ToList();

        var enrollments = bodies.Where(d => d.Class == "enrollments").ToList();
        var busiestClass = enrollments
            .Where(d => d.Kind == "student")
            .GroupBy(d => RefId(d.Body, "class"))
            .OrderByDescending(group => group.Count())
            .ThenBy(group => group.Key, StringComparer.Ordinal)
            .First()
            .Key;
        var classBody = bodies.Single(d => d.Class == "classes" && d.SourcedId == busiestClass).Body;
        var schoolId = RefId(classBody, "school");
        var student = enrollments.First(d => d.Kind == "student" && RefId(d.Body, "class") == busiestClass);
        var teacher = enrollments.First(d => d.Kind == "teacher" && RefId(d.Body, "class") == busiestClass);
        var year = bodies.First(d => d.Class == "academicSessions" && d.Kind == "schoolYear");
        classBody["terms"]!.AsArray().Add(Ref("academicSessions", TermId, "academicSession"));

        var documents = bodies.Select(d => AsStored(d.Class, d.SourcedId, d.Kind, d.Body)).ToList();
        documents.Add(AsStored("academicSessions", TermId, "term", Term(year.SourcedId)));
        documents.Add(AsStored("academicSessions", GradingPeriodId, "gradingPeriod", GradingPeriod()));
        Stored = documents;

        Ids = new Dictionary<string, string>
        {
            ["schoolSourcedId"] = schoolId,
            ["classSourcedId"] = busiestClass,
            ["courseSourcedId"] = RefId(classBody, "course"),
            ["termSourcedId"] = TermId,
            ["studentSourcedId"] = RefId(student.Body, "user"),
            ["teacherSourcedId"] = RefId(teacher.Body, "user"),
            ["userSourcedId"] = RefId(student.Body, "user"),
            ["academicSessions"] = year.SourcedId,
            ["classes"] = busiestClass,
            ["courses"] = RefId(classBody, "course"),
            ["demographics"] = bodies.First(d => d.Class == "demographics").SourcedId,
            ["enrollments"] = student.SourcedId,
            ["gradingPeriods"] = GradingPeriodId,
            ["orgs"] = bodies.First(d => d.Class == "orgs" && d.Kind == "district").SourcedId,
            ["schools"] = schoolId,
            ["students"] = RefId(student.Body, "user"),
            ["teachers"] = RefId(teacher.Body, "user"),
            ["terms"] = TermId,
            ["users"] = bodies.First(d => d.Class == "users" && d.Kind == "parent").SourcedId,
        };

        host = await ApiTestHost.StartAsync(documents);
    }

    public async Task DisposeAsync()
    {
        if (host is not null)
        {
            await host.DisposeAsync();
        }
    }

    public static string RefId(JsonObject body, string field) =>
        body[field]!["sourcedId"]!.GetValue<string>();

    private static JsonObject Ref(string collection, string id, string type) =>
        new()
        {
            ["href"] = $"{HrefBase}/{collection}/{id}",
            ["sourcedId"] = id,
            ["type"] = type,
        };

    private static JsonObject Term(string yearId) =>
        new()
        {
            ["sourcedId"] = TermId,
            ["title"] = "Fall 2021",
            ["startDate"] = "2021-08-23",
            ["endDate"] = "2021-12-18",
            ["type"] = "term",
            ["parent"] = Ref("academicSessions", yearId, "academicSession"),
            ["children"] = new JsonArray(Ref("academicSessions", GradingPeriodId, "academicSession")),
            ["schoolYear"] = "2022",
        };

    private static JsonObject GradingPeriod() =>
        new()
        {
            ["sourcedId"] = GradingPeriodId,
            ["title"] = "First six weeks",
            ["startDate"] = "2021-08-23",
            ["endDate"] = "2021-10-02",
            ["type"] = "gradingPeriod",
            ["parent"] = Ref("academicSessions", TermId, "academicSession"),
            ["schoolYear"] = "2022",
        };

    /// <summary>As the projector writes a document: sourcedId, status, dateLastModified, then the body.</summary>
    private static OneRosterDocument AsStored(string @class, string sourcedId, string? kind, JsonObject body)
    {
        var json = new JsonObject
        {
            ["sourcedId"] = sourcedId,
            ["status"] = "active",
            ["dateLastModified"] = "2024-05-01T12:00:00.000Z",
        };
        foreach (var (name, value) in body)
        {
            if (name is not ("sourcedId" or "status" or "dateLastModified"))
            {
                json[name] = value?.DeepClone();
            }
        }

        return Documents.WithJson(@class, sourcedId, kind, json.ToJsonString());
    }

    private static DescriptorMappingTable Defaults() =>
        DescriptorMappingTable.LoadFolder(
            Path.Combine(TestData.RepositoryRoot(), "projections", "descriptor-mappings")
        );

    private static SourceSet LoadSources()
    {
        var items = new List<SourceItem>();
        foreach (
            var file in Directory.GetFiles(TestData.GrandBendDs52, "*.jsonl").Order(StringComparer.Ordinal)
        )
        {
            var resource = Path.GetFileNameWithoutExtension(file);
            var version = 0L;
            foreach (var line in File.ReadLines(file).Where(line => line.Length > 0))
            {
                var data = JsonDocument.Parse(line).RootElement.Clone();
                items.Add(new SourceItem(resource, "", data, ++version, null));
            }
        }

        return new SourceSet(items);
    }
}
