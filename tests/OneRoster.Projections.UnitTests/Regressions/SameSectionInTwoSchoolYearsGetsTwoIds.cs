using Xunit;
using static OneRoster.Projections.UnitTests.Mapping.MappingTestKit;

namespace OneRoster.Projections.UnitTests.Regressions;

/// <summary>
/// mapping.md §6 row 11: the same section identifier, course code and session name in SY 2024 and SY 2025. Class
/// and enrollment ids include the school year, so the two years do not collide.
/// </summary>
public class SameSectionInTwoSchoolYearsGetsTwoIds
{
    private static string Offering(long year) =>
        $$"""
            {"localCourseCode":"ALG-1","schoolReference":{"schoolId":1},
             "sessionReference":{"schoolId":1,"schoolYear":{{year}},"sessionName":"Fall Semester"},
             "courseReference":{"courseCode":"ALG-1","educationOrganizationId":1} }
            """;

    private static string SectionKey(long year) =>
        $$"""{"localCourseCode":"ALG-1","schoolId":1,"schoolYear":{{year}},"sessionName":"Fall Semester"}""";

    private static string Section(long year) =>
        $$"""{"sectionIdentifier":"001","courseOfferingReference":{{SectionKey(year)}} }""";

    private static string Enrollment(long year, string beginDate) =>
        $$"""
            {"studentReference":{"studentUniqueId":"604821"},"beginDate":"{{beginDate}}",
             "sectionReference":{"localCourseCode":"ALG-1","schoolId":1,"schoolYear":{{year}},"sectionIdentifier":"001",
               "sessionName":"Fall Semester"} }
            """;

    [Fact]
    public void classes_and_enrollments_of_the_two_years_have_distinct_ids()
    {
        var docs = Project(
            Item("schools", School(1)),
            Item("students", """{"studentUniqueId":"604821"}"""),
            Item("courseOfferings", Offering(2024)),
            Item("courseOfferings", Offering(2025)),
            Item("sections", Section(2024)),
            Item("sections", Section(2025)),
            Item("studentSectionAssociations", Enrollment(2024, "2023-08-21")),
            Item("studentSectionAssociations", Enrollment(2025, "2024-08-19"))
        );

        var class2024 = Md5("alg-1-1-2024-001-fall semester");
        var class2025 = Md5("alg-1-1-2025-001-fall semester");
        Assert.Equal(
            new[] { class2024, class2025 }.Order(StringComparer.Ordinal),
            docs.Of("classes").Select(c => c.SourcedId)
        );
        Assert.Equal(
            new[]
            {
                Md5("604821-alg-1-1-2024-001-fall semester-2023-08-21"),
                Md5("604821-alg-1-1-2025-001-fall semester-2024-08-19"),
            }.Order(StringComparer.Ordinal),
            docs.Of("enrollments").Select(e => e.SourcedId)
        );
        AssertJson(
            Ref("classes", "class", class2025),
            docs.Single("enrollments", Md5("604821-alg-1-1-2025-001-fall semester-2024-08-19")).Body["class"]
        );
    }
}
