using Xunit;
using static OneRoster.Projections.UnitTests.Mapping.MappingTestKit;

namespace OneRoster.Projections.UnitTests.Mapping;

/// <summary>
/// Well-formed JSON with values of the wrong type or dates that are not dates: the OneRoster field fed by such a
/// value is left out, as if the source had not sent it, instead of carrying junk into a document.
/// </summary>
public class MalformedSourceValuesTests
{
    [Theory]
    [InlineData("not-a-date")]
    [InlineData("2010-02-30")]
    [InlineData("2010-3-4")]
    [InlineData("2010-03-04junk")]
    [InlineData("2010-03-04Tlate")]
    [InlineData("")]
    public void birthDate_that_is_not_a_date_is_left_out(string birthDate)
    {
        var docs = Project(
            Item("students", $$"""{"studentUniqueId":"605550","birthDate":"{{birthDate}}"}""")
        );

        Assert.False(docs.Single("demographics", Md5("STU-605550")).Body.ContainsKey("birthDate"));
    }

    [Theory]
    [InlineData("2010-03-04")]
    [InlineData("2010-03-04T00:00:00")]
    [InlineData("2010-03-04T00:00:00Z")]
    [InlineData("2010-03-04T00:00:00-05:00")]
    public void date_or_date_time_keeps_its_date(string birthDate)
    {
        var docs = Project(
            Item("students", $$"""{"studentUniqueId":"605550","birthDate":"{{birthDate}}"}""")
        );

        Assert.Equal(
            "2010-03-04",
            docs.Single("demographics", Md5("STU-605550")).Body["birthDate"]!.GetValue<string>()
        );
    }

    [Fact]
    public void person_fields_of_the_wrong_json_type_are_left_out()
    {
        var docs = Project(
            Item(
                "students",
                """
                {"studentUniqueId":"605550","firstName":42,"lastSurname":{"text":"Ruiz"},"middleName":true,
                 "preferredFirstName":["Ana"],"birthDate":20100304,"birthCity":7,
                 "birthSexDescriptor":1,"birthCountryDescriptor":false}
                """
            ),
            Item(
                "studentEducationOrganizationAssociations",
                """
                {"studentReference":{"studentUniqueId":"605550"},"educationOrganizationReference":{"educationOrganizationId":255901},
                 "electronicMails":[{"electronicMailAddress":5,"electronicMailTypeDescriptor":"uri://ed-fi.org/ElectronicMailTypeDescriptor#Home/Personal"}],
                 "races":"White","hispanicLatinoEthnicity":"yes"}
                """
            )
        );

        var id = Md5("STU-605550");
        AssertJson(
            $$"""
            {"sourcedId":"{{id}}",
             "metadata":{"edfi":{"resource":"students","naturalKey":{"studentUniqueId":"605550"},"educationOrganizationId":null} },
             "userIds":[{"type":"studentUniqueId","identifier":"605550"}],
             "enabledUser":"true","identifier":"605550"}
            """,
            docs.Single("users", id).Body
        );
        // A flag has no "left out": a value that is not true counts as false, as a null does in the reference.
        AssertJson(
            $$"""
            {"sourcedId":"{{id}}",
             "metadata":{"edfi":{"resource":"students","naturalKey":{"studentUniqueId":"605550"} } },
             "americanIndianOrAlaskaNative":"false","asian":"false","blackOrAfricanAmerican":"false",
             "nativeHawaiianOrOtherPacificIslander":"false","white":"false",
             "demographicRaceTwoOrMoreRaces":"false","hispanicOrLatinoEthnicity":"false"}
            """,
            docs.Single("demographics", id).Body
        );
    }

    [Fact]
    public void session_dates_that_are_not_dates_are_left_out()
    {
        var docs = Project(
            Item("schools", School(1)),
            Item(
                "sessions",
                """
                {"sessionName":"Fall","schoolReference":{"schoolId":1},"schoolYearTypeReference":{"schoolYear":2022},
                 "beginDate":"2021-13-01","endDate":20211217,"termDescriptor":"uri://ed-fi.org/TermDescriptor#Fall Semester"}
                """
            )
        );

        var session = docs.Single("academicSessions", Md5("1-2022-Fall")).Body;

        Assert.False(session.ContainsKey("startDate"));
        Assert.False(session.ContainsKey("endDate"));
    }

    [Fact]
    public void calendar_date_that_is_not_a_date_is_no_instructional_day()
    {
        var docs = Project(
            Item("schools", School(1)),
            Item(
                "calendarDates",
                """
                {"date":"first day","calendarReference":{"calendarCode":"C","schoolId":1,"schoolYear":2022},
                 "calendarEvents":[{"calendarEventDescriptor":"uri://ed-fi.org/CalendarEventDescriptor#Instructional day"}]}
                """
            )
        );

        Assert.Empty(docs.Of("academicSessions"));
    }

    [Fact]
    public void enrollment_begin_date_that_is_not_a_date_stays_in_the_key_but_leaves_the_field_out()
    {
        var docs = Project(
            Item(
                "sections",
                """
                {"sectionIdentifier":"S1","courseOfferingReference":{"localCourseCode":"ART","schoolId":1,"schoolYear":2022,"sessionName":"Fall"} }
                """
            ),
            Item("students", """{"studentUniqueId":"604821"}"""),
            Item(
                "studentSectionAssociations",
                """
                {"studentReference":{"studentUniqueId":"604821"},"beginDate":"not-a-date","endDate":"2022-02-30",
                 "sectionReference":{"localCourseCode":"ART","schoolId":1,"schoolYear":2022,"sectionIdentifier":"S1","sessionName":"Fall"} }
                """
            )
        );

        var enrollment = docs.Single("enrollments", Md5("604821-art-1-2022-s1-fall-not-a-date")).Body;

        Assert.Equal(
            "not-a-date",
            enrollment["metadata"]!["edfi"]!["naturalKey"]!["beginDate"]!.GetValue<string>()
        );
        Assert.False(enrollment.ContainsKey("beginDate"));
        Assert.False(enrollment.ContainsKey("endDate"));
    }

    [Fact]
    public void class_and_org_fields_of_the_wrong_json_type_are_left_out_or_fall_back()
    {
        var docs = Project(
            Item(
                "schools",
                """{"schoolId":1,"nameOfInstitution":7,"localEducationAgencyReference":{"localEducationAgencyId":"x"} }"""
            ),
            Item(
                "courseOfferings",
                """
                {"localCourseCode":"ART","localCourseTitle":3,"schoolReference":{"schoolId":1},
                 "sessionReference":{"schoolId":1,"schoolYear":2022,"sessionName":"Fall"},
                 "courseReference":{"courseCode":"ART","educationOrganizationId":1} }
                """
            ),
            Item(
                "sections",
                """
                {"sectionIdentifier":"S1","sectionName":false,"locationReference":{"classroomIdentificationCode":220,"schoolId":1},
                 "classPeriods":[{"classPeriodReference":{"classPeriodName":1,"schoolId":1} },"02 - Traditional"],
                 "courseOfferingReference":{"localCourseCode":"ART","schoolId":1,"schoolYear":2022,"sessionName":"Fall"} }
                """
            )
        );

        AssertJson(
            $$"""
            {"sourcedId":"{{Md5("1")}}",
             "metadata":{"edfi":{"resource":"schools","naturalKey":{"schoolId":1} } },
             "type":"school","identifier":"1"}
            """,
            docs.Single("orgs", Md5("1")).Body
        );
        var cls = docs.Single("classes", Md5("art-1-2022-s1-fall")).Body;
        Assert.Equal("ART", cls["title"]!.GetValue<string>());
        Assert.False(cls.ContainsKey("location"));
        Assert.False(cls.ContainsKey("periods"));
    }
}
