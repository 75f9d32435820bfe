using Xunit;
using static OneRoster.Projections.UnitTests.Mapping.MappingTestKit;

namespace OneRoster.Projections.UnitTests.Regressions;

/// <summary>
/// mapping.md §6 row 17: races recorded only on the LEA-level student education organization association show on
/// the student's school row (they used to be blank there).
/// </summary>
public class RaceRecordedAtTheLeaShowsOnTheSchoolRow
{
    [Fact]
    public void school_demographics_row_shows_the_lea_race_and_ethnicity()
    {
        var docs = Project(
            Item("schools", School(255901001)),
            Item("students", """{"studentUniqueId":"605550","birthDate":"2010-03-04"}"""),
            Item(
                "studentSchoolAssociations",
                """{"studentReference":{"studentUniqueId":"605550"},"schoolReference":{"schoolId":255901001},"entryDate":"2021-08-23"}"""
            ),
            Item(
                "studentEducationOrganizationAssociations",
                """
                {"studentReference":{"studentUniqueId":"605550"},"educationOrganizationReference":{"educationOrganizationId":255901},
                 "hispanicLatinoEthnicity":true,"races":[{"raceDescriptor":"uri://ed-fi.org/RaceDescriptor#Asian"}]}
                """
            )
        );

        var id = Md5("STU-605550-255901001");
        AssertJson(
            $$"""
            {"sourcedId":"{{id}}",
             "metadata":{"edfi":{"resource":"students","naturalKey":{"studentUniqueId":"605550"},"educationOrganizationId":255901001} },
             "birthDate":"2010-03-04",
             "americanIndianOrAlaskaNative":"false","asian":"true","blackOrAfricanAmerican":"false",
             "nativeHawaiianOrOtherPacificIslander":"false","white":"false",
             "demographicRaceTwoOrMoreRaces":"false","hispanicOrLatinoEthnicity":"true"}
            """,
            docs.Single("demographics", id).Body
        );
    }
}
