using Xunit;
using static OneRoster.Projections.UnitTests.Mapping.MappingTestKit;

namespace OneRoster.Projections.UnitTests.Regressions;

/// <summary>
/// mapping.md §6 row 18: a student enrolled at schools of two LEAs whose LEAs record different races shows the
/// union of both on both school rows.
/// </summary>
public class DualEnrolledStudentShowsTheUnionOfBothLeasRaces
{
    private static string Ssa(long school) =>
        $$"""{"studentReference":{"studentUniqueId":"605550"},"schoolReference":{"schoolId":{{school}} },"entryDate":"2021-08-23"}""";

    private static string Seoa(long lea, string race) =>
        $$"""
            {"studentReference":{"studentUniqueId":"605550"},"educationOrganizationReference":{"educationOrganizationId":{{lea}} },
             "races":[{"raceDescriptor":"uri://ed-fi.org/RaceDescriptor#{{race}}"}]}
            """;

    [Fact]
    public void both_school_rows_show_both_races_and_two_or_more()
    {
        var docs = Project(
            Item("schools", School(1, lea: 255901)),
            Item("schools", School(2, lea: 255902)),
            Item("students", """{"studentUniqueId":"605550"}"""),
            Item("studentSchoolAssociations", Ssa(1)),
            Item("studentSchoolAssociations", Ssa(2)),
            Item("studentEducationOrganizationAssociations", Seoa(255901, "White")),
            Item("studentEducationOrganizationAssociations", Seoa(255902, "Black or African American"))
        );

        foreach (var school in new[] { 1, 2 })
        {
            var row = docs.Single("demographics", Md5($"STU-605550-{school}")).Body;
            Assert.Equal("true", row["white"]!.GetValue<string>());
            Assert.Equal("true", row["blackOrAfricanAmerican"]!.GetValue<string>());
            Assert.Equal("false", row["asian"]!.GetValue<string>());
            Assert.Equal("true", row["demographicRaceTwoOrMoreRaces"]!.GetValue<string>());
        }
    }
}
