using OneRoster.Projections.EdFiSandbox;
using OneRoster.Projections.IntegrationTests.Infrastructure;
using Xunit;
using static OneRoster.Projections.IntegrationTests.Infrastructure.TestData;

namespace OneRoster.Projections.IntegrationTests.EndToEnd;

/// <summary>
/// The DS 4.0 twin of Grand Bend (tests/data/grand-bend/ds-4.0: parents instead of contacts, the shorter
/// staff-section key) through the whole pipeline. The poller learns the data standard from the sandbox's
/// discovery document. The counts equal DS 5.2's: the twin holds the same people, sections and
/// associations (tests/data/grand-bend/README.md, "DS 4.0 twin").
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class GrandBendDs40EndToEndTests
{
    [Fact]
    public async Task the_ds_4_0_district_is_served_with_parents_and_the_short_staff_enrollment_key()
    {
        var folder = Path.Combine(RepositoryRoot(), "tests", "data", "grand-bend", "ds-4.0");
        await using var pipeline = await Pipeline.StartAsync(
            new SandboxOptions { DataFolder = folder },
            "ds40"
        );

        await Pipeline.WaitUntilAsync(
            async () =>
                await pipeline.TotalAsync("classes") == 532
                && await pipeline.TotalAsync("users") == 2906
                && await pipeline.TotalAsync("enrollments") == 11996,
            TimeSpan.FromMinutes(3),
            "the DS 4.0 district is served"
        );

        Assert.Equal(965, await pipeline.TotalAsync("students"));
        Assert.Equal(965, await pipeline.TotalAsync("demographics"));
        // parents.jsonl: parentUniqueId 878954 is a parent (role parent, userIds type parentUniqueId).
        var (users, _) = await pipeline.ReadAllAsync("users", "users", 5000);
        var parent = Assert.Single(users, u => u.GetProperty("identifier").GetString() == "878954");
        Assert.Equal(
            "parentUniqueId",
            parent.GetProperty("userIds").EnumerateArray().First().GetProperty("type").GetString()
        );
        // staffSectionAssociations.jsonl line 1 (DS 4.0 has no beginDate in the key): the enrollment's
        // sourcedId is md5(staff-course-school-year-section-session), lower-cased, with no trailing date.
        var (enrollments, _) = await pipeline.ReadAllAsync("enrollments", "enrollments", 10000);
        var first = FirstStaffSectionAssociation(folder);
        Assert.Contains(enrollments, e => e.GetProperty("sourcedId").GetString() == Md5(first));
    }

    private static string FirstStaffSectionAssociation(string folder)
    {
        var line = File.ReadLines(Path.Combine(folder, "staffSectionAssociations.jsonl")).First();
        using var item = System.Text.Json.JsonDocument.Parse(line);
        var root = item.RootElement;
        var section = root.GetProperty("sectionReference");
        return string.Join(
                "-",
                root.GetProperty("staffReference").GetProperty("staffUniqueId").GetString(),
                section.GetProperty("localCourseCode").GetString(),
                section.GetProperty("schoolId").GetInt64(),
                section.GetProperty("schoolYear").GetInt32(),
                section.GetProperty("sectionIdentifier").GetString(),
                section.GetProperty("sessionName").GetString()
            )
            .ToLowerInvariant();
    }
}
