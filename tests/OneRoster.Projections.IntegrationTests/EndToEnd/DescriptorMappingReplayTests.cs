using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Marten;
using OneRoster.Projections.EdFiSandbox;
using OneRoster.Projections.IntegrationTests.Infrastructure;
using OneRoster.Projections.Storage;
using Xunit;

namespace OneRoster.Projections.IntegrationTests.EndToEnd;

/// <summary>
/// A descriptor-mapping change replays the projection, and only the documents that read that mapping get
/// a new <c>dateLastModified</c>, so a delta client sees exactly what the change affected.
/// </summary>
/// <remarks>
/// Which documents read a TermDescriptor mapping (mapping.md §3, row "descriptorMappings (Term)"): the
/// academicSessions session rows of sessions with that term, whose <c>type</c> is the mapped value (and
/// with it their membership of <c>/terms</c> and <c>/gradingPeriods</c>). Nothing else: a class links to
/// its session with a reference of type <c>academicSession</c> whatever the session's type, the
/// synthesized schoolYear row takes its window from the calendar and its title from the year, and no
/// users, enrollments, courses, orgs or demographics field depends on a term.
/// </remarks>
[Collection(EndToEndCollection.Name)]
public sealed class DescriptorMappingReplayTests
{
    private const long HighSchool = 990001001;
    private const long MiddleSchool = 990001002;
    private const string TermNamespace = "uri://ed-fi.org/TermDescriptor";
    private const string OneRosterTermNamespace = "uri://1edtech.org/oneroster12/TermDescriptor";

    private static readonly string[] Collections =
    [
        "orgs",
        "academicSessions",
        "courses",
        "classes",
        "enrollments",
        "users",
        "demographics",
    ];

    // The session rows, by mapping.md §1.2: md5(schoolId-schoolYear-sessionName).
    private static readonly string[] TrimesterSessions =
    [
        TestData.Md5("990001001-2025-2024-2025 Trimester"),
        TestData.Md5("990001002-2025-2024-2025 Trimester"),
    ];

    private static readonly string[] FirstTrimesterSessions =
    [
        TestData.Md5("990001001-2025-2024-2025 First Trimester"),
        TestData.Md5("990001002-2025-2024-2025 First Trimester"),
    ];

    // The class of the section added on the high school's Trimester session, by mapping.md §1.4.
    private static readonly string TrimesterClass = TestData.Md5(
        "math-09-990001001-2025-990001001-math-09-t-01-2024-2025 trimester"
    );

    [Fact]
    public async Task changing_one_term_mapping_rewrites_exactly_the_sessions_of_that_term()
    {
        var work = Path.Combine(Path.GetTempPath(), "replay-" + Guid.NewGuid().ToString("N"));
        var projections = CopyOfShippedProjections(Path.Combine(work, "projections"));
        var data = Path.Combine(work, "district");
        DistrictWithTrimesters().WriteJsonLines(data);
        await using var pipeline = await Pipeline.StartAsync(
            new SandboxOptions { DataFolder = data },
            "replay",
            postgres: await TestServices.FreshDatabaseAsync("replay"),
            projectorArguments: [$"--Projector:ProjectionsFolder={projections}"]
        );
        using var store = DocumentStore.For(o => ProjectionStore.Configure(o, pipeline.Postgres));
        try
        {
            // Initial sync: both trimester kinds are grading periods (the source's Trimester record and
            // the shipped First Trimester default say so), and the class on a trimester session is served.
            await Pipeline.WaitUntilAsync(
                async () =>
                    await TypesAsync(pipeline, [.. TrimesterSessions, .. FirstTrimesterSessions])
                        is ["gradingPeriod", "gradingPeriod", "gradingPeriod", "gradingPeriod"]
                    && await pipeline.GetAsync("classes/" + TrimesterClass) is not null,
                TimeSpan.FromMinutes(2),
                "the district with its trimester sessions is served"
            );
            var firstVersion = await QuiescentAsync(store, pipeline.Tenant, previousVersion: null);
            var before = await DateLastModifiedAsync(pipeline);
            var trimesterClass = (await pipeline.GetAsync("classes/" + TrimesterClass))!.Value;
            Assert.Equal(
                TrimesterSessions[0],
                trimesterClass
                    .GetProperty("class")
                    .GetProperty("terms")[0]
                    .GetProperty("sourcedId")
                    .GetString()
            );

            // 1. Through the source: the descriptorMappings record Trimester → gradingPeriod is replaced
            // by Trimester → term (the mapped value is part of the record's key, so it is delete + post).
            await ReplaceSourceTrimesterMappingAsync(pipeline);
            await Pipeline.WaitUntilAsync(
                async () => await TypesAsync(pipeline, TrimesterSessions) is ["term", "term"],
                TimeSpan.FromMinutes(2),
                "the Trimester sessions are terms"
            );
            Assert.Equal(firstVersion, await QuiescentAsync(store, pipeline.Tenant, previousVersion: null));
            var afterSource = await DateLastModifiedAsync(pipeline);

            Assert.Equal(before.Keys.Order(), afterSource.Keys.Order());
            Assert.Equal(
                TrimesterSessions.Select(id => "academicSessions/" + id).Order(),
                Changed(before, afterSource)
            );
            Assert.Equal(
                ["term", "term", "gradingPeriod", "gradingPeriod"],
                await TypesAsync(pipeline, [.. TrimesterSessions, .. FirstTrimesterSessions])
            );
            await AssertServedUnderAsync(pipeline, "terms", TrimesterSessions, FirstTrimesterSessions);
            await AssertServedUnderAsync(
                pipeline,
                "gradingPeriods",
                FirstTrimesterSessions,
                TrimesterSessions
            );

            // 2. Through the defaults: First Trimester → term in the projector's descriptor-mapping files
            // (the source has no First Trimester record, so the file decides), read by a restarted projector.
            await pipeline.StopProjectorAsync();
            var termFile = Path.Combine(projections, "descriptor-mappings", "TermDescriptor.json");
            var edited = File.ReadAllText(termFile)
                .Replace(
                    "\"First Trimester\": \"gradingPeriod\"",
                    "\"First Trimester\": \"term\"",
                    StringComparison.Ordinal
                );
            Assert.NotEqual(File.ReadAllText(termFile), edited);
            File.WriteAllText(termFile, edited);
            await pipeline.StartProjectorAsync();
            await Pipeline.WaitUntilAsync(
                async () => await TypesAsync(pipeline, FirstTrimesterSessions) is ["term", "term"],
                TimeSpan.FromMinutes(2),
                "the First Trimester sessions are terms"
            );
            Assert.NotEqual(firstVersion, await QuiescentAsync(store, pipeline.Tenant, firstVersion));
            var afterFiles = await DateLastModifiedAsync(pipeline);

            Assert.Equal(before.Keys.Order(), afterFiles.Keys.Order());
            Assert.Equal(
                FirstTrimesterSessions.Select(id => "academicSessions/" + id).Order(),
                Changed(afterSource, afterFiles)
            );
            await AssertServedUnderAsync(
                pipeline,
                "terms",
                [.. TrimesterSessions, .. FirstTrimesterSessions],
                []
            );
            await AssertServedUnderAsync(
                pipeline,
                "gradingPeriods",
                [],
                [.. TrimesterSessions, .. FirstTrimesterSessions]
            );
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>
    /// A generated district (two schools, 2024-2025 semesters) plus, at each school, a session of term
    /// Trimester and one of term First Trimester, and one section on the high school's Trimester session.
    /// The source's own descriptorMappings keep Trimester → gradingPeriod but lose First Trimester.
    /// </summary>
    private static GeneratedDistrict DistrictWithTrimesters()
    {
        var district = DistrictGenerator.Generate(12, 5);
        foreach (var school in new[] { HighSchool, MiddleSchool })
        {
            district.Add(
                "sessions",
                Session(school, "2024-2025 Trimester", "Trimester", "2024-08-19", "2024-11-15")
            );
            district.Add(
                "sessions",
                Session(school, "2024-2025 First Trimester", "First Trimester", "2024-08-19", "2024-11-15")
            );
        }

        var offering = district
            .Resources["courseOfferings"]
            .First(o =>
                (long)o["schoolReference"]!["schoolId"]! == HighSchool
                && (string)o["localCourseCode"]! == "MATH-09"
            )
            .DeepClone()
            .AsObject();
        offering["sessionReference"]!["sessionName"] = "2024-2025 Trimester";
        district.Add("courseOfferings", offering);
        var section = district
            .Resources["sections"]
            .First(s =>
                (string)s["courseOfferingReference"]!["localCourseCode"]! == "MATH-09"
                && (long)s["courseOfferingReference"]!["schoolId"]! == HighSchool
            )
            .DeepClone()
            .AsObject();
        section["sectionIdentifier"] = "990001001-MATH-09-T-01";
        section["courseOfferingReference"]!["sessionName"] = "2024-2025 Trimester";
        district.Add("sections", section);

        district
            .Resources["descriptorMappings"]
            .RemoveAll(m =>
                (string)m["namespace"]! == TermNamespace && (string)m["value"]! == "First Trimester"
            );
        return district;
    }

    private static JsonObject Session(long school, string name, string term, string begin, string end) =>
        new()
        {
            ["sessionName"] = name,
            ["schoolReference"] = new JsonObject { ["schoolId"] = school },
            ["schoolYearTypeReference"] = new JsonObject { ["schoolYear"] = 2025 },
            ["beginDate"] = begin,
            ["endDate"] = end,
            ["termDescriptor"] = $"{TermNamespace}#{term}",
            ["totalInstructionalDays"] = 60,
            ["gradingPeriods"] = new JsonArray(),
            ["academicWeeks"] = new JsonArray(),
        };

    private static string CopyOfShippedProjections(string folder)
    {
        var mappings = Path.Combine(folder, "descriptor-mappings");
        Directory.CreateDirectory(mappings);
        foreach (
            var file in Directory.GetFiles(
                Path.Combine(TestData.RepositoryRoot(), "projections", "descriptor-mappings")
            )
        )
        {
            File.Copy(file, Path.Combine(mappings, Path.GetFileName(file)));
        }
        return folder;
    }

    private static async Task ReplaceSourceTrimesterMappingAsync(Pipeline pipeline)
    {
        using var http = new HttpClient { BaseAddress = pipeline.EdFiBase };
        using (var tokenRequest = new HttpRequestMessage(HttpMethod.Post, "oauth/token"))
        {
            tokenRequest.Content = new FormUrlEncodedContent([new("grant_type", "client_credentials")]);
            tokenRequest.Headers.Authorization = new AuthenticationHeaderValue(
                "Basic",
                Convert.ToBase64String("sandbox:sandbox-secret"u8.ToArray())
            );
            using var tokenResponse = await http.SendAsync(tokenRequest);
            tokenResponse.EnsureSuccessStatusCode();
            var token = (await tokenResponse.Content.ReadFromJsonAsync<JsonObject>())!["access_token"]!;
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
                "Bearer",
                (string)token!
            );
        }

        var mappings = await http.GetFromJsonAsync<JsonArray>("data/v3/ed-fi/descriptorMappings?limit=500");
        var old = mappings!.Single(m =>
            (string)m!["namespace"]! == TermNamespace
            && (string)m["value"]! == "Trimester"
            && (string)m["mappedNamespace"]! == OneRosterTermNamespace
        )!;
        Assert.Equal("gradingPeriod", (string)old["mappedValue"]!);
        using (var deleted = await http.DeleteAsync($"data/v3/ed-fi/descriptorMappings/{old["id"]}"))
        {
            deleted.EnsureSuccessStatusCode();
        }
        using var posted = await http.PostAsJsonAsync(
            "data/v3/ed-fi/descriptorMappings",
            new JsonObject
            {
                ["value"] = "Trimester",
                ["namespace"] = TermNamespace,
                ["mappedValue"] = "term",
                ["mappedNamespace"] = OneRosterTermNamespace,
                ["mappingScopes"] = new JsonArray(),
            }
        );
        posted.EnsureSuccessStatusCode();
    }

    /// <summary>The <c>type</c> of each academicSession, or <c>(none)</c> when it is not served.</summary>
    private static async Task<string[]> TypesAsync(Pipeline pipeline, string[] sourcedIds)
    {
        var types = new List<string>();
        foreach (var id in sourcedIds)
        {
            var body = await pipeline.GetAsync("academicSessions/" + id);
            types.Add(
                body is { } b ? b.GetProperty("academicSession").GetProperty("type").GetString()! : "(none)"
            );
        }
        return [.. types];
    }

    /// <summary>
    /// Waits until the projector has recomputed everything it received under a mapping version other than
    /// <paramref name="previousVersion"/>, and a few poll windows more, so a stray later rewrite shows.
    /// </summary>
    private static async Task<string> QuiescentAsync(
        DocumentStore store,
        string tenant,
        string? previousVersion
    )
    {
        ProjectionState? state = null;
        await Pipeline.WaitUntilAsync(
            async () =>
            {
                await using var session = store.QuerySession(tenant);
                state = await session.LoadAsync<ProjectionState>(ProjectionState.DocumentId);
                return state is { Pending: false, WindowInFlight: false, MappingVersion: { } version }
                    && version != previousVersion;
            },
            TimeSpan.FromMinutes(2),
            "the projector has nothing left to recompute"
        );
        await Task.Delay(TimeSpan.FromSeconds(3));
        return state!.MappingVersion!;
    }

    /// <summary>Every served document's dateLastModified, keyed <c>{class}/{sourcedId}</c>.</summary>
    private static async Task<Dictionary<string, string>> DateLastModifiedAsync(Pipeline pipeline)
    {
        var stamps = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var collection in Collections)
        {
            var (items, _) = await pipeline.ReadAllAsync(collection, collection, 1000);
            foreach (var item in items)
            {
                stamps.Add(
                    $"{collection}/{item.GetProperty("sourcedId").GetString()}",
                    item.GetProperty("dateLastModified").GetString()!
                );
            }
        }
        return stamps;
    }

    private static IEnumerable<string> Changed(
        Dictionary<string, string> before,
        Dictionary<string, string> after
    ) => after.Where(kv => before[kv.Key] != kv.Value).Select(kv => kv.Key).Order();

    private static async Task AssertServedUnderAsync(
        Pipeline pipeline,
        string endpoint,
        string[] present,
        string[] absent
    )
    {
        var (items, _) = await pipeline.ReadAllAsync(endpoint, "academicSessions", 1000);
        var ids = items.Select(i => i.GetProperty("sourcedId").GetString()!).ToHashSet();
        Assert.All(present, id => Assert.Contains(id, ids));
        Assert.All(absent, id => Assert.DoesNotContain(id, ids));
    }
}
