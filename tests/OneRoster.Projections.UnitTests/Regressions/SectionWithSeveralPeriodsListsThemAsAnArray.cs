using Xunit;
using static OneRoster.Projections.UnitTests.Mapping.MappingTestKit;

namespace OneRoster.Projections.UnitTests.Regressions;

/// <summary>
/// mapping.md §6 row 8: a section that meets in two or more class periods lists them as a JSON array of names,
/// not as one comma-joined string.
/// </summary>
public class SectionWithSeveralPeriodsListsThemAsAnArray
{
    [Fact]
    public void periods_is_an_array_of_each_period_name()
    {
        var docs = Project(
            Item("schools", School(255901001)),
            Item(
                "courseOfferings",
                """
                {"localCourseCode":"CHEM","schoolReference":{"schoolId":255901001},
                 "sessionReference":{"schoolId":255901001,"schoolYear":2022,"sessionName":"Fall"},
                 "courseReference":{"courseCode":"CHEM","educationOrganizationId":255901001} }
                """
            ),
            Item(
                "sections",
                """
                {"sectionIdentifier":"CHEM-LAB","courseOfferingReference":{"localCourseCode":"CHEM","schoolId":255901001,
                  "schoolYear":2022,"sessionName":"Fall"},
                 "classPeriods":[{"classPeriodReference":{"classPeriodName":"B","schoolId":255901001} },
                                 {"classPeriodReference":{"classPeriodName":"A","schoolId":255901001} }]}
                """
            )
        );

        AssertJson(
            """["A","B"]""",
            docs.Single("classes", Md5("chem-255901001-2022-chem-lab-fall")).Body["periods"]
        );
    }
}
