using Xunit;
using static OneRoster.Projections.UnitTests.Mapping.MappingTestKit;

namespace OneRoster.Projections.UnitTests.Regressions;

/// <summary>
/// mapping.md §6 row 12: a student with school associations in two school years, in different grades, is one
/// users row per school (it used to be one per association), each showing the grade of the latest entry.
/// </summary>
public class StudentInTwoSchoolYearsIsOneUserPerSchool
{
    private static string Ssa(long school, string entry, long year, string grade) =>
        $$"""
            {"studentReference":{"studentUniqueId":"604821"},"schoolReference":{"schoolId":{{school}}},"entryDate":"{{entry}}",
             "schoolYearTypeReference":{"schoolYear":{{year}}},
             "entryGradeLevelDescriptor":"uri://ed-fi.org/GradeLevelDescriptor#{{grade}}"}
            """;

    [Fact]
    public void two_years_at_one_school_are_one_row_with_the_later_grade()
    {
        var docs = Project(
            Item("schools", School(255901044)),
            Item("students", """{"studentUniqueId":"604821"}"""),
            Item("studentSchoolAssociations", Ssa(255901044, "2021-08-23", 2022, "Seventh grade")),
            Item("studentSchoolAssociations", Ssa(255901044, "2020-08-24", 2021, "Sixth grade"))
        );

        var row = Assert.Single(docs.Of("users"));
        Assert.Equal(Md5("STU-604821-255901044"), row.SourcedId);
        AssertJson("""["Seventh grade"]""", row.Body["grades"]);
        Assert.Single(docs.Of("demographics"));
    }

    [Fact]
    public void two_years_at_two_schools_are_two_rows_with_the_same_later_grade()
    {
        var docs = Project(
            Item("schools", School(255901044)),
            Item("schools", School(255901001)),
            Item("students", """{"studentUniqueId":"604821"}"""),
            Item("studentSchoolAssociations", Ssa(255901044, "2020-08-24", 2021, "Eighth grade")),
            Item("studentSchoolAssociations", Ssa(255901001, "2021-08-23", 2022, "Ninth grade"))
        );

        Assert.Equal(
            new[] { Md5("STU-604821-255901001"), Md5("STU-604821-255901044") }.Order(StringComparer.Ordinal),
            docs.Of("users").Select(u => u.SourcedId)
        );
        Assert.All(docs.Of("users"), u => AssertJson("""["Ninth grade"]""", u.Body["grades"]));
    }
}
