using Xunit;
using static OneRoster.Projections.UnitTests.Mapping.MappingTestKit;

namespace OneRoster.Projections.UnitTests.Regressions;

/// <summary>
/// mapping.md §6 row 20: two schools each with a section "001" of the same course code in different periods. Each
/// class lists only its own periods (they used to be merged by section identifier).
/// </summary>
public class SectionsWithTheSameIdAtTwoSchoolsKeepTheirOwnPeriods
{
    private static string Offering(long school) =>
        $$"""
            {"localCourseCode":"PE","schoolReference":{"schoolId":{{school}} },
             "sessionReference":{"schoolId":{{school}},"schoolYear":2022,"sessionName":"Fall"},
             "courseReference":{"courseCode":"PE","educationOrganizationId":255901} }
            """;

    private static string Section(long school, string period) =>
        $$"""
            {"sectionIdentifier":"001","courseOfferingReference":{"localCourseCode":"PE","schoolId":{{school}},"schoolYear":2022,"sessionName":"Fall"},
             "classPeriods":[{"classPeriodReference":{"classPeriodName":"{{period}}","schoolId":{{school}} } }]}
            """;

    [Fact]
    public void each_class_lists_only_its_own_periods()
    {
        var docs = Project(
            Item("schools", School(1)),
            Item("schools", School(2)),
            Item("courseOfferings", Offering(1)),
            Item("courseOfferings", Offering(2)),
            Item("sections", Section(1, "01 - Traditional")),
            Item("sections", Section(2, "05 - Block"))
        );

        AssertJson(
            """["01 - Traditional"]""",
            docs.Single("classes", Md5("pe-1-2022-001-fall")).Body["periods"]
        );
        AssertJson("""["05 - Block"]""", docs.Single("classes", Md5("pe-2-2022-001-fall")).Body["periods"]);
    }
}
