using System.Diagnostics;
using System.Text.Json;
using OneRoster.Projections.EdFiSandbox;
using OneRoster.Projections.IntegrationTests.Infrastructure;
using Xunit;
using Xunit.Abstractions;
using static OneRoster.Projections.IntegrationTests.Infrastructure.TestData;

namespace OneRoster.Projections.IntegrationTests.EndToEnd;

/// <summary>
/// Grand Bend (tests/data/grand-bend/ds-5.2) through the sandbox, poller, RabbitMQ, projector,
/// PostgreSQL and the API, read back over HTTP page by page. Expected numbers and values were worked
/// out by hand from the data files; each comment says how.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class GrandBendEndToEndTests(GrandBendPipeline fixture, ITestOutputHelper output)
    : IClassFixture<GrandBendPipeline>
{
    private Pipeline Pipeline => fixture.Pipeline;

    [Fact]
    public void initial_sync_serves_every_class_within_three_minutes() =>
        output.WriteLine(
            $"Grand Bend initial sync, start to last document served: {fixture.InitialSync.TotalSeconds:F1} s"
        );

    [Theory]
    // orgs: 3 schools.jsonl + 1 localEducationAgencies.jsonl + 1 stateEducationAgencies.jsonl (the ESC is not an org).
    [InlineData("orgs", "orgs", 5)]
    [InlineData("schools", "orgs", 3)]
    // 6 sessions.jsonl rows, all with mapped terms (Fall/Spring Semester), + 1 schoolYear row for (LEA 255901, 2022).
    [InlineData("academicSessions", "academicSessions", 7)]
    [InlineData("courses", "courses", 84)]
    // One class per section: every one of the 532 sections has its offering.
    [InlineData("classes", "classes", 532)]
    // 528 staffSectionAssociations + 11,468 studentSectionAssociations; every section and person exists.
    [InlineData("enrollments", "enrollments", 11996)]
    // Students: 962 distinct (student, existing school) pairs in studentSchoolAssociations + 3 students without one.
    [InlineData("students", "users", 965)]
    [InlineData("demographics", "demographics", 965)]
    // 965 student rows + staff: 56 distinct (staff, school) pairs + 12 staffs without a school + 1,873 contacts.
    [InlineData("users", "users", 2906)]
    public async Task every_collection_serves_the_expected_number_of_documents(
        string collection,
        string envelope,
        int expected
    )
    {
        var (items, total) = await Pipeline.ReadAllAsync(collection, envelope);

        Assert.Equal(expected, total);
        Assert.Equal(expected, items.Count);
        Assert.Equal(expected, items.Select(i => i.GetProperty("sourcedId").GetString()).Distinct().Count());
        Assert.All(items, i => Assert.Equal("active", i.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task every_one_of_the_960_students_is_in_students()
    {
        var (items, _) = await Pipeline.ReadAllAsync("students", "users", 500);

        var identifiers = items.Select(i => i.GetProperty("identifier").GetString()).Distinct().ToList();
        Assert.Equal(960, identifiers.Count);
    }

    [Fact]
    public async Task the_high_school_is_served_as_written_in_schools_jsonl()
    {
        // schools.jsonl: schoolId 255901001, nameOfInstitution "Grand Bend High School", LEA 255901.
        var org = (await Pipeline.GetAsync("schools/" + Md5("255901001")))!.Value.GetProperty("org");

        Assert.Equal("Grand Bend High School", org.GetProperty("name").GetString());
        Assert.Equal("school", org.GetProperty("type").GetString());
        Assert.Equal("255901001", org.GetProperty("identifier").GetString());
        Assert.Equal(Md5("255901"), org.GetProperty("parent").GetProperty("sourcedId").GetString());
        Assert.Equal("org", org.GetProperty("parent").GetProperty("type").GetString());
    }

    [Fact]
    public async Task the_first_algebra_section_is_a_class_with_its_term_period_and_room()
    {
        // sections.jsonl line 1: sectionIdentifier 25590100102Trad220ALG112011, offering ALG-1 at school 255901001,
        // "2021-2022 Fall Semester", schoolYear 2022, room 220, period "02 - Traditional". The offering has no
        // localCourseTitle, so the title falls back to the course's courseTitle "Algebra I" (course ALG-1 owned by 255901001).
        var id = Md5("alg-1-255901001-2022-25590100102trad220alg112011-2021-2022 fall semester");

        var @class = (await Pipeline.GetAsync("classes/" + id))!.Value.GetProperty("class");

        Assert.Equal("Algebra I", @class.GetProperty("title").GetString());
        Assert.Equal("ALG-1", @class.GetProperty("classCode").GetString());
        Assert.Equal("scheduled", @class.GetProperty("classType").GetString());
        Assert.Equal("220", @class.GetProperty("location").GetString());
        Assert.Equal(
            Md5("255901001-ALG-1"),
            @class.GetProperty("course").GetProperty("sourcedId").GetString()
        );
        Assert.Equal(Md5("255901001"), @class.GetProperty("school").GetProperty("sourcedId").GetString());
        var term = Assert.Single(@class.GetProperty("terms").EnumerateArray());
        Assert.Equal(
            Md5("255901001-2022-2021-2022 Fall Semester"),
            term.GetProperty("sourcedId").GetString()
        );
        Assert.Equal(
            ["02 - Traditional"],
            @class.GetProperty("periods").EnumerateArray().Select(p => p.GetString())
        );
    }

    [Fact]
    public async Task a_dual_enrolled_student_has_a_row_per_school_with_the_primary_school_first_in_rank()
    {
        // students.jsonl: 605553 Bernard Underwood. studentSchoolAssociations.jsonl: 255901044 (primarySchool true,
        // entry 2021-08-23) and 255901001 (primarySchool false, entry 2022-01-04, Eighth grade).
        // studentEducationOrganizationAssociations.jsonl: Home/Personal e-mail bernard.underwood.605553@example.org.
        foreach (var school in new[] { "255901001", "255901044" })
        {
            var user = (
                await Pipeline.GetAsync("students/" + Md5("STU-605553-" + school))
            )!.Value.GetProperty("user");

            Assert.Equal("Bernard", user.GetProperty("givenName").GetString());
            Assert.Equal("Underwood", user.GetProperty("familyName").GetString());
            Assert.Equal("605553", user.GetProperty("identifier").GetString());
            Assert.Equal("bernard.underwood.605553@example.org", user.GetProperty("email").GetString());
            Assert.Equal("true", user.GetProperty("enabledUser").GetString());
            var roles = user.GetProperty("roles")
                .EnumerateArray()
                .ToDictionary(
                    r => r.GetProperty("org").GetProperty("sourcedId").GetString()!,
                    r => r.GetProperty("roleType").GetString()
                );
            Assert.Equal("primary", roles[Md5("255901044")]);
            Assert.Equal("secondary", roles[Md5("255901001")]);
        }
    }

    [Fact]
    public async Task the_school_year_spans_the_first_and_last_instructional_day_of_the_calendars()
    {
        // calendarDates.jsonl: every school's first "Instructional day" is 2021-08-23 and its last 2022-05-27.
        var session = (await Pipeline.GetAsync("academicSessions/" + Md5("255901-2022")))!.Value.GetProperty(
            "academicSession"
        );

        Assert.Equal("schoolYear", session.GetProperty("type").GetString());
        Assert.Equal("2021-2022", session.GetProperty("title").GetString());
        Assert.Equal("2021-08-23", session.GetProperty("startDate").GetString());
        Assert.Equal("2022-05-27", session.GetProperty("endDate").GetString());
        Assert.Equal("2022", session.GetProperty("schoolYear").GetString());
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class EndToEndCollection
{
    public const string Name = "end-to-end";
}

/// <summary>Runs the Grand Bend initial sync once for all the checks above.</summary>
public sealed class GrandBendPipeline : IAsyncLifetime
{
    public Pipeline Pipeline { get; private set; } = null!;

    public TimeSpan InitialSync { get; private set; }

    public async Task InitializeAsync()
    {
        var started = Stopwatch.GetTimestamp();
        Pipeline = await Pipeline.StartAsync(
            new SandboxOptions { DataFolder = TestData.GrandBendDs52 },
            "grandbend"
        );
        await Pipeline.WaitUntilAsync(
            async () =>
                await Pipeline.TotalAsync("classes") == 532
                && await Pipeline.TotalAsync("users") == 2906
                && await Pipeline.TotalAsync("enrollments") == 11996,
            TimeSpan.FromMinutes(3),
            "Grand Bend's classes, users and enrollments are served"
        );
        InitialSync = Stopwatch.GetElapsedTime(started);
    }

    public async Task DisposeAsync() => await Pipeline.DisposeAsync();
}
