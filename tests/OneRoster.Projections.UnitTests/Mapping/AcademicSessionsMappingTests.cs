using Xunit;
using static OneRoster.Projections.UnitTests.Mapping.MappingTestKit;

namespace OneRoster.Projections.UnitTests.Mapping;

public class AcademicSessionsMappingTests
{
    private static string Session(
        long school,
        string name,
        string term,
        string begin = "2021-08-23",
        string end = "2021-12-17"
    ) =>
        $$"""
            {"sessionName":"{{name}}","schoolYearTypeReference":{"schoolYear":2022},"beginDate":"{{begin}}","endDate":"{{end}}",
             "termDescriptor":"uri://ed-fi.org/TermDescriptor#{{term}}","schoolReference":{"schoolId":{{school}}} }
            """;

    private static string Day(long school, string date, params string[] events) =>
        $$"""
            {"date":"{{date}}","calendarReference":{"calendarCode":"C{{school}}","schoolId":{{school}},"schoolYear":2022},
             "calendarEvents":[{{string.Join(",", events.Select(Event))}}]}
            """;

    private static string Event(string descriptor) => $$"""{"calendarEventDescriptor":"{{descriptor}}"}""";

    private const string Instructional = "uri://ed-fi.org/CalendarEventDescriptor#Instructional day";

    [Fact]
    public void session_sourcedId_keeps_case_and_type_and_title_come_from_the_term()
    {
        var docs = Project(
            Item("schools", School(255901001)),
            Item("sessions", Session(255901001, "2021-2022 Fall Semester", "Fall Semester"))
        );

        var id = Md5("255901001-2022-2021-2022 Fall Semester");
        var session = docs.Single("academicSessions", id);

        Assert.Equal("semester", session.Kind);
        Assert.Equal([255901001L], session.EducationOrganizationIds);
        AssertJson(
            $$"""
            {"sourcedId":"{{id}}",
             "metadata":{"edfi":{"resource":"sessions","naturalKey":{"schoolId":255901001,"sessionName":"2021-2022 Fall Semester"} } },
             "title":"Fall Semester","startDate":"2021-08-23","endDate":"2021-12-17","type":"semester",
             "parent":{{Ref("academicSessions", "academicSession", Md5("255901-2022"))}},
             "schoolYear":"2022"}
            """,
            session.Body
        );
    }

    [Theory]
    [InlineData("Year Round", "schoolYear")]
    [InlineData("Quarter", "term")]
    [InlineData("First Trimester", "gradingPeriod")]
    public void session_type_follows_the_term_descriptor_mapping(string term, string type)
    {
        var docs = Project(Item("schools", School(1)), Item("sessions", Session(1, "S", term)));

        Assert.Equal(type, docs.Single("academicSessions", Md5("1-2022-S")).Kind);
    }

    [Fact]
    public void session_with_an_unmapped_term_or_a_missing_school_produces_no_row()
    {
        var docs = Project(
            Item("schools", School(1)),
            Item("sessions", Session(1, "Odd", "Summer Camp")),
            Item("sessions", Session(2, "Orphan", "Fall Semester")),
            Item(
                "sessions",
                Session(1, "Custom", "Fall Semester")
                    .Replace("uri://ed-fi.org/", "uri://gbisd.edu/", StringComparison.Ordinal)
            )
        );

        Assert.DoesNotContain(docs.Of("academicSessions"), d => d.Kind != "schoolYear");
    }

    [Fact]
    public void school_without_lea_points_its_sessions_at_md5_of_dash_year()
    {
        var docs = Project(
            Item("schools", School(3, lea: null)),
            Item("sessions", Session(3, "Fall", "Fall Semester"))
        );

        Assert.Equal(
            Md5("-2022"),
            docs.Single("academicSessions", Md5("3-2022-Fall")).Body["parent"]![
                "sourcedId"
            ]!.GetValue<string>()
        );
    }

    [Fact]
    public void schoolYear_row_takes_the_mode_of_the_schools_first_and_last_instructional_days()
    {
        // School 1: 08-23..05-27, school 2: 08-23..05-26, school 3: 08-30..05-26
        // → start = mode(08-23, 08-23, 08-30) = 08-23, end = mode(05-27, 05-26, 05-26) = 05-26.
        var docs = Project(
            Item("schools", School(1)),
            Item("schools", School(2)),
            Item("schools", School(3)),
            Item("calendarDates", Day(1, "2021-08-23", Instructional)),
            Item("calendarDates", Day(1, "2022-05-27", Instructional)),
            Item("calendarDates", Day(1, "2022-05-30", "uri://ed-fi.org/CalendarEventDescriptor#Holiday")),
            Item(
                "calendarDates",
                Day(2, "2021-08-23", "uri://ed-fi.org/CalendarEventDescriptor#Make-up day")
            ),
            Item("calendarDates", Day(2, "2022-05-26", Instructional)),
            Item(
                "calendarDates",
                Day(3, "2021-08-16", "uri://ed-fi.org/CalendarEventDescriptor#Teacher only day")
            ),
            Item(
                "calendarDates",
                Day(3, "2021-08-17", "uri://gbisd.edu/CalendarEventDescriptor#Instructional day")
            ),
            Item("calendarDates", Day(3, "2021-08-30", Instructional)),
            Item("calendarDates", Day(3, "2022-05-26", Instructional))
        );

        var id = Md5("255901-2022");
        var year = docs.Single("academicSessions", id);

        Assert.Equal("schoolYear", year.Kind);
        Assert.Equal([255901L], year.EducationOrganizationIds);
        AssertJson(
            $$"""
            {"sourcedId":"{{id}}",
             "metadata":{"edfi":{"resource":"schoolYearTypes","naturalKey":{"schoolYear":2022},"educationOrganizationId":255901} },
             "title":"2021-2022","startDate":"2021-08-23","endDate":"2022-05-26","type":"schoolYear","schoolYear":"2022"}
            """,
            year.Body
        );
    }

    [Fact]
    public void schoolYear_mode_tie_keeps_the_earliest_date()
    {
        var docs = Project(
            Item("schools", School(1)),
            Item("schools", School(2)),
            Item("calendarDates", Day(1, "2021-08-24", Instructional)),
            Item("calendarDates", Day(2, "2021-08-23", Instructional))
        );

        var year = docs.Single("academicSessions", Md5("255901-2022"));

        Assert.Equal("2021-08-23", year.Body["startDate"]!.GetValue<string>());
        Assert.Equal("2021-08-23", year.Body["endDate"]!.GetValue<string>());
    }

    [Fact]
    public void no_instructional_day_means_no_schoolYear_row()
    {
        var docs = Project(
            Item("schools", School(1)),
            Item("calendarDates", Day(1, "2021-08-23", "uri://ed-fi.org/CalendarEventDescriptor#Holiday"))
        );

        Assert.Empty(docs.Of("academicSessions"));
    }

    [Fact]
    public void schoolYear_window_of_a_school_spans_all_of_its_calendars()
    {
        // Calendar A runs 08-30..05-20 and calendar B 08-23..05-27: the school's window is 08-23..05-27.
        static string Dated(string calendar, string date) =>
            $$"""
                {"date":"{{date}}","calendarReference":{"calendarCode":"{{calendar}}","schoolId":1,"schoolYear":2022},
                 "calendarEvents":[{{Event(Instructional)}}]}
                """;
        var docs = Project(
            Item("schools", School(1)),
            Item("calendarDates", Dated("A", "2021-08-30")),
            Item("calendarDates", Dated("A", "2022-05-20")),
            Item("calendarDates", Dated("B", "2021-08-23")),
            Item("calendarDates", Dated("B", "2022-05-27"))
        );

        var year = docs.Single("academicSessions", Md5("255901-2022"));

        Assert.Equal("2021-08-23", year.Body["startDate"]!.GetValue<string>());
        Assert.Equal("2022-05-27", year.Body["endDate"]!.GetValue<string>());
    }

    [Fact]
    public void schools_without_lea_pool_into_one_schoolYear_row_keyed_by_dash_year()
    {
        var docs = Project(
            Item("schools", School(3, lea: null)),
            Item("schools", School(4, lea: null)),
            Item("calendarDates", Day(3, "2021-08-23", Instructional)),
            Item("calendarDates", Day(4, "2021-08-23", Instructional)),
            Item("calendarDates", Day(4, "2022-05-27", Instructional))
        );

        var id = Md5("-2022");
        var year = Assert.Single(docs.Of("academicSessions"));

        Assert.Equal(id, year.SourcedId);
        Assert.Empty(year.EducationOrganizationIds);
        AssertJson(
            $$"""
            {"sourcedId":"{{id}}",
             "metadata":{"edfi":{"resource":"schoolYearTypes","naturalKey":{"schoolYear":2022},"educationOrganizationId":null} },
             "title":"2021-2022","startDate":"2021-08-23","endDate":"2021-08-23","type":"schoolYear","schoolYear":"2022"}
            """,
            year.Body
        );
    }
}
