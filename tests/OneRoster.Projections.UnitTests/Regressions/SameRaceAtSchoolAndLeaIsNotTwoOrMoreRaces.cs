using Xunit;
using static OneRoster.Projections.UnitTests.Mapping.MappingTestKit;

namespace OneRoster.Projections.UnitTests.Regressions;

/// <summary>
/// mapping.md §6 row 19: one race recorded at both the school and the LEA counts once, so
/// <c>demographicRaceTwoOrMoreRaces</c> is <c>"false"</c> (the count is of distinct races).
/// </summary>
public class SameRaceAtSchoolAndLeaIsNotTwoOrMoreRaces
{
    private static string Seoa(long edorg) =>
        $$"""
            {"studentReference":{"studentUniqueId":"605550"},"educationOrganizationReference":{"educationOrganizationId":{{edorg}} },
             "races":[{"raceDescriptor":"uri://ed-fi.org/RaceDescriptor#White"}]}
            """;

    [Fact]
    public void one_race_twice_is_not_two_or_more_races()
    {
        var docs = Project(
            Item("schools", School(255901001)),
            Item("students", """{"studentUniqueId":"605550"}"""),
            Item(
                "studentSchoolAssociations",
                """{"studentReference":{"studentUniqueId":"605550"},"schoolReference":{"schoolId":255901001},"entryDate":"2021-08-23"}"""
            ),
            Item("studentEducationOrganizationAssociations", Seoa(255901001)),
            Item("studentEducationOrganizationAssociations", Seoa(255901))
        );

        var row = docs.Single("demographics", Md5("STU-605550-255901001")).Body;
        Assert.Equal("true", row["white"]!.GetValue<string>());
        Assert.Equal("false", row["demographicRaceTwoOrMoreRaces"]!.GetValue<string>());
    }
}
