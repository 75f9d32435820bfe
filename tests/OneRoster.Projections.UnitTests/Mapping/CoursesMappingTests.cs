using Xunit;
using static OneRoster.Projections.UnitTests.Mapping.MappingTestKit;

namespace OneRoster.Projections.UnitTests.Mapping;

public class CoursesMappingTests
{
    private static string Course(long edorg, string code, string title = "Algebra I") =>
        $$"""{"courseCode":"{{code}}","courseTitle":"{{title}}","educationOrganizationReference":{"educationOrganizationId":{{edorg}}} }""";

    private static string Offering(long school, string code, long year, long courseEdOrg) =>
        $$"""
            {"localCourseCode":"{{code}}","schoolReference":{"schoolId":{{school}}},
             "sessionReference":{"sessionName":"Fall","schoolYear":{{year}},"schoolId":{{school}}},
             "courseReference":{"courseCode":"{{code}}","educationOrganizationId":{{courseEdOrg}}} }
            """;

    [Fact]
    public void course_sourcedId_keeps_case_and_links_the_lea_school_year_of_the_latest_offering()
    {
        var docs = Project(
            Item("schools", School(255901001)),
            Item("courses", Course(255901001, "ALG-1")),
            Item("courseOfferings", Offering(255901001, "ALG-1", 2022, 255901001)),
            // Another edorg's offering of the same code counts too: the reference groups by courseCode alone.
            Item("courseOfferings", Offering(255901001, "ALG-1", 2023, 42))
        );

        var id = Md5("255901001-ALG-1");
        var course = docs.Single("courses", id);

        Assert.Null(course.Kind);
        Assert.Equal([255901001L], course.EducationOrganizationIds);
        AssertJson(
            $$"""
            {"sourcedId":"{{id}}",
             "metadata":{"edfi":{"resource":"courses","naturalKey":{"educationOrganizationId":255901001,"courseCode":"ALG-1"} } },
             "title":"Algebra I",
             "schoolYear":{{Ref("academicSessions", "academicSession", Md5("255901-2023"))}},
             "courseCode":"ALG-1",
             "org":{{OrgRef(255901001)}}}
            """,
            course.Body
        );
    }

    [Fact]
    public void district_course_links_its_own_school_year_and_a_course_without_offerings_has_none()
    {
        var docs = Project(
            Item("courses", Course(255901, "ENG-9", "English 9")),
            Item("courses", Course(255901, "ART", "Art")),
            Item("courseOfferings", Offering(255901001, "ENG-9", 2022, 255901))
        );

        Assert.Equal(
            Md5("255901-2022"),
            docs.Single("courses", Md5("255901-ENG-9")).Body["schoolYear"]!["sourcedId"]!.GetValue<string>()
        );
        Assert.False(docs.Single("courses", Md5("255901-ART")).Body.ContainsKey("schoolYear"));
    }

    [Fact]
    public void course_of_a_school_without_lea_or_of_a_service_center_links_its_owner_id_for_year_and_org()
    {
        var docs = Project(
            Item("schools", School(7, lea: null)),
            Item("courses", Course(7, "ART")),
            Item("courseOfferings", Offering(7, "ART", 2022, 7)),
            Item("courses", Course(255950, "PD")),
            Item("courseOfferings", Offering(7, "PD", 2022, 255950))
        );

        var schoolCourse = docs.Single("courses", Md5("7-ART")).Body;
        var escCourse = docs.Single("courses", Md5("255950-PD")).Body;

        AssertJson(Ref("academicSessions", "academicSession", Md5("7-2022")), schoolCourse["schoolYear"]);
        AssertJson(Ref("academicSessions", "academicSession", Md5("255950-2022")), escCourse["schoolYear"]);
        AssertJson(OrgRef(255950), escCourse["org"]);
    }
}
