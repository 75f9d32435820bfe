using Xunit;
using static OneRoster.Projections.UnitTests.Mapping.MappingTestKit;

namespace OneRoster.Projections.UnitTests.Regressions;

/// <summary>
/// mapping.md §6 row 6: one localCourseCode offered in two sessions and at two schools. Each section joins only
/// the offering of its own full key (code, school, year, session), so there is exactly one class per section
/// (Grand Bend once had 1,064 class rows for 532 sections).
/// </summary>
public class SectionsSharingACourseCodeGetOneClassEach
{
    private static string Offering(long school, string session, string title) =>
        $$"""
            {"localCourseCode":"ENG-9","localCourseTitle":"{{title}}","schoolReference":{"schoolId":{{school}}},
             "sessionReference":{"schoolId":{{school}},"schoolYear":2022,"sessionName":"{{session}}"},
             "courseReference":{"courseCode":"ENG-9","educationOrganizationId":255901} }
            """;

    private static string Section(long school, string session) =>
        $$"""
            {"sectionIdentifier":"ENG9-01","courseOfferingReference":{"localCourseCode":"ENG-9","schoolId":{{school}},
              "schoolYear":2022,"sessionName":"{{session}}"} }
            """;

    [Fact]
    public void each_section_gets_one_class_titled_from_its_own_offering()
    {
        var docs = Project(
            Item("schools", School(1)),
            Item("schools", School(2)),
            Item("courseOfferings", Offering(1, "Fall", "English 9 (fall, school 1)")),
            Item("courseOfferings", Offering(1, "Spring", "English 9 (spring, school 1)")),
            Item("courseOfferings", Offering(2, "Fall", "English 9 (fall, school 2)")),
            Item("sections", Section(1, "Fall")),
            Item("sections", Section(1, "Spring")),
            Item("sections", Section(2, "Fall"))
        );

        var expected = new Dictionary<string, string>
        {
            [Md5("eng-9-1-2022-eng9-01-fall")] = "English 9 (fall, school 1)",
            [Md5("eng-9-1-2022-eng9-01-spring")] = "English 9 (spring, school 1)",
            [Md5("eng-9-2-2022-eng9-01-fall")] = "English 9 (fall, school 2)",
        };
        var classes = docs.Of("classes");
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), classes.Select(c => c.SourcedId));
        foreach (var cls in classes)
        {
            Assert.Equal(expected[cls.SourcedId], cls.Body["title"]!.GetValue<string>());
        }
        AssertJson(
            $$"""[{{Ref("academicSessions", "academicSession", Md5("1-2022-Spring"))}}]""",
            docs.Single("classes", Md5("eng-9-1-2022-eng9-01-spring")).Body["terms"]
        );
    }
}
