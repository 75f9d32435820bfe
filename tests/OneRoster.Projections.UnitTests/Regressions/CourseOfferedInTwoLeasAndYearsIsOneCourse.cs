using Xunit;
using static OneRoster.Projections.UnitTests.Mapping.MappingTestKit;

namespace OneRoster.Projections.UnitTests.Regressions;

/// <summary>
/// mapping.md §6 row 9: a course offered at schools of two LEAs and in two school years is still one courses row
/// (the reference used to fan out and hit its primary key), linked to the latest offering year.
/// </summary>
public class CourseOfferedInTwoLeasAndYearsIsOneCourse
{
    private static string Offering(long school, long year) =>
        $$"""
            {"localCourseCode":"ART-1","schoolReference":{"schoolId":{{school}}},
             "sessionReference":{"schoolId":{{school}},"schoolYear":{{year}},"sessionName":"Fall"},
             "courseReference":{"courseCode":"ART-1","educationOrganizationId":255901} }
            """;

    [Fact]
    public void one_course_row_links_its_owner_school_year_of_the_latest_offering()
    {
        var docs = Project(
            Item("schools", School(1, lea: 255901)),
            Item("schools", School(2, lea: 255902)),
            Item(
                "courses",
                """{"courseCode":"ART-1","courseTitle":"Art I","educationOrganizationReference":{"educationOrganizationId":255901} }"""
            ),
            Item("courseOfferings", Offering(1, 2022)),
            Item("courseOfferings", Offering(2, 2022)),
            Item("courseOfferings", Offering(1, 2023)),
            Item("courseOfferings", Offering(2, 2023))
        );

        var id = Md5("255901-ART-1");
        var course = Assert.Single(docs.Of("courses"));
        Assert.Equal(id, course.SourcedId);
        AssertJson(
            $$"""
            {"sourcedId":"{{id}}",
             "metadata":{"edfi":{"resource":"courses","naturalKey":{"educationOrganizationId":255901,"courseCode":"ART-1"} } },
             "title":"Art I",
             "schoolYear":{{Ref("academicSessions", "academicSession", Md5("255901-2023"))}},
             "courseCode":"ART-1",
             "org":{{OrgRef(255901)}}}
            """,
            course.Body
        );
    }
}
