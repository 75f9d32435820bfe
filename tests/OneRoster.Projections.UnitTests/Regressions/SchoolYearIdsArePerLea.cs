using Xunit;
using static OneRoster.Projections.UnitTests.Mapping.MappingTestKit;

namespace OneRoster.Projections.UnitTests.Regressions;

/// <summary>
/// mapping.md §6 row 10: two LEAs in one ODS teaching the same school year get one schoolYear row each,
/// <c>md5(LEA-year)</c>, and each LEA's sessions point at their own (the id used to be <c>md5(year)</c>).
/// </summary>
public class SchoolYearIdsArePerLea
{
    private static string Day(long school, string date) =>
        $$"""
            {"date":"{{date}}","calendarReference":{"calendarCode":"C","schoolId":{{school}},"schoolYear":2022},
             "calendarEvents":[{"calendarEventDescriptor":"uri://ed-fi.org/CalendarEventDescriptor#Instructional day"}]}
            """;

    private static string Session(long school) =>
        $$"""
            {"sessionName":"Fall","schoolReference":{"schoolId":{{school}}},"schoolYearTypeReference":{"schoolYear":2022},
             "beginDate":"2021-08-23","endDate":"2021-12-17","termDescriptor":"uri://ed-fi.org/TermDescriptor#Fall Semester"}
            """;

    [Fact]
    public void each_lea_has_its_own_school_year_row_and_its_sessions_point_at_it()
    {
        var docs = Project(
            Item("schools", School(1, lea: 255901)),
            Item("schools", School(2, lea: 255902)),
            Item("calendarDates", Day(1, "2021-08-23")),
            Item("calendarDates", Day(2, "2021-08-30")),
            Item("sessions", Session(1)),
            Item("sessions", Session(2))
        );

        var years = docs.Of("academicSessions").Where(d => d.Kind == "schoolYear").ToList();
        Assert.Equal(
            new[] { Md5("255901-2022"), Md5("255902-2022") }.Order(StringComparer.Ordinal),
            years.Select(y => y.SourcedId)
        );
        AssertJson(
            $$"""
            {"sourcedId":"{{Md5("255902-2022")}}",
             "metadata":{"edfi":{"resource":"schoolYearTypes","naturalKey":{"schoolYear":2022},"educationOrganizationId":255902} },
             "title":"2021-2022","startDate":"2021-08-30","endDate":"2021-08-30","type":"schoolYear","schoolYear":"2022"}
            """,
            docs.Single("academicSessions", Md5("255902-2022")).Body
        );
        Assert.Equal([255902L], docs.Single("academicSessions", Md5("255902-2022")).EducationOrganizationIds);
        AssertJson(
            Ref("academicSessions", "academicSession", Md5("255901-2022")),
            docs.Single("academicSessions", Md5("1-2022-Fall")).Body["parent"]
        );
        AssertJson(
            Ref("academicSessions", "academicSession", Md5("255902-2022")),
            docs.Single("academicSessions", Md5("2-2022-Fall")).Body["parent"]
        );
    }
}
