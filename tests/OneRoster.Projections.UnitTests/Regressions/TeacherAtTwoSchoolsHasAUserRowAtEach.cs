using Xunit;
using static OneRoster.Projections.UnitTests.Mapping.MappingTestKit;

namespace OneRoster.Projections.UnitTests.Regressions;

/// <summary>
/// mapping.md §6 row 16: a teacher with staff school associations at schools A and B who teaches a section at B
/// has a users row at each school, so the enrollment at B links an existing row (there used to be a row only for
/// the primary school).
/// </summary>
public class TeacherAtTwoSchoolsHasAUserRowAtEach
{
    [Fact]
    public void teacher_has_a_row_per_school_and_the_enrollment_links_the_row_of_the_section_school()
    {
        var docs = Project(
            Item("schools", School(255901001)),
            Item("schools", School(255901044)),
            Item("staffs", """{"staffUniqueId":"207288","firstName":"Barry","lastSurname":"Tanner"}"""),
            // School A's association was seen last, so A is the primary school and B is not.
            Item(
                "staffSchoolAssociations",
                """{"staffReference":{"staffUniqueId":"207288"},"schoolReference":{"schoolId":255901044} }""",
                firstSeen: 1
            ),
            Item(
                "staffSchoolAssociations",
                """{"staffReference":{"staffUniqueId":"207288"},"schoolReference":{"schoolId":255901001} }""",
                firstSeen: 2
            ),
            Item(
                "sections",
                """
                {"sectionIdentifier":"M1","courseOfferingReference":{"localCourseCode":"MATH","schoolId":255901044,"schoolYear":2022,"sessionName":"Fall"} }
                """
            ),
            Item(
                "staffSectionAssociations",
                """
                {"staffReference":{"staffUniqueId":"207288"},"beginDate":"2021-08-23",
                 "sectionReference":{"localCourseCode":"MATH","schoolId":255901044,"schoolYear":2022,"sectionIdentifier":"M1","sessionName":"Fall"} }
                """
            )
        );

        Assert.Equal(
            new[] { Md5("STA-207288-255901001"), Md5("STA-207288-255901044") }.Order(StringComparer.Ordinal),
            docs.Of("users").Select(u => u.SourcedId)
        );
        var enrollment = docs.Single("enrollments", Md5("207288-math-255901044-2022-m1-fall-2021-08-23"));
        AssertJson(Ref("users", "user", Md5("STA-207288-255901044")), enrollment.Body["user"]);
        Assert.Equal("teacher", docs.Single("users", Md5("STA-207288-255901044")).Kind);
    }
}
