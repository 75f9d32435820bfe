using Xunit;
using static OneRoster.Projections.UnitTests.Mapping.MappingTestKit;

namespace OneRoster.Projections.UnitTests.Regressions;

/// <summary>
/// mapping.md §6 row 3 (the reference's certification fixes): dates are <c>YYYY-MM-DD</c> strings, GUIDRefs say
/// <c>sourcedId</c> and <c>academicSession</c>, booleans and schoolYear are strings, and a Quarter session is a
/// <c>term</c> (what /terms selects). Where the reference settled on <c>title: ""</c> and <c>username: ""</c> we
/// differ on purpose (D9, D10): the title falls back to the class code and username is left out.
/// </summary>
public class DatesFlagsAndYearsAreOneRosterStrings
{
    [Fact]
    public void session_dates_are_plain_dates_and_its_year_a_string_even_from_date_time_values()
    {
        var docs = Project(
            Item("schools", School(255901001)),
            // Older ODS/API releases serve dates as date-times.
            Item(
                "sessions",
                """
                {"sessionName":"Q1","schoolReference":{"schoolId":255901001},"schoolYearTypeReference":{"schoolYear":2022},
                 "beginDate":"2021-08-23T00:00:00","endDate":"2021-10-22T00:00:00",
                 "termDescriptor":"uri://ed-fi.org/TermDescriptor#First Quarter"}
                """
            )
        );

        var id = Md5("255901001-2022-Q1");
        var year = Md5("255901-2022");
        var session = docs.Single("academicSessions", id);

        Assert.Equal("term", session.Kind);
        AssertJson(
            $$"""
            {"sourcedId":"{{id}}",
             "metadata":{"edfi":{"resource":"sessions","naturalKey":{"schoolId":255901001,"sessionName":"Q1"} } },
             "title":"First Quarter","startDate":"2021-08-23","endDate":"2021-10-22","type":"term",
             "parent":{"href":"{{Href}}/academicSessions/{{year}}","sourcedId":"{{year}}","type":"academicSession"},
             "schoolYear":"2022"}
            """,
            session.Body
        );
    }

    [Fact]
    public void class_terms_are_academicSession_guidrefs_and_an_untitled_class_is_titled_by_its_code()
    {
        var docs = Project(
            Item("schools", School(255901001)),
            Item(
                "courseOfferings",
                """
                {"localCourseCode":"ART-01","schoolReference":{"schoolId":255901001},
                 "sessionReference":{"schoolId":255901001,"schoolYear":2022,"sessionName":"Fall"},
                 "courseReference":{"courseCode":"ART-01","educationOrganizationId":255901001} }
                """
            ),
            Item(
                "sections",
                """
                {"sectionIdentifier":"A1","courseOfferingReference":{"localCourseCode":"ART-01","schoolId":255901001,
                  "schoolYear":2022,"sessionName":"Fall"} }
                """
            )
        );

        var id = Md5("art-01-255901001-2022-a1-fall");
        AssertJson(
            $$"""
            {"sourcedId":"{{id}}",
             "metadata":{"edfi":{"resource":"sections","naturalKey":{"localCourseCode":"ART-01","schoolid":255901001,
                "sectionIdentifier":"A1","sessionName":"Fall"} } },
             "title":"ART-01","classCode":"ART-01","classType":"scheduled",
             "course":{{Ref("courses", "course", Md5("255901001-ART-01"))}},
             "school":{{OrgRef(255901001)}},
             "terms":[{"href":"{{Href}}/academicSessions/{{Md5("255901001-2022-Fall")}}",
                       "sourcedId":"{{Md5("255901001-2022-Fall")}}","type":"academicSession"}]}
            """,
            docs.Single("classes", id).Body
        );
    }

    [Fact]
    public void demographic_flags_and_enabledUser_are_strings_birthDate_a_date_and_no_email_means_no_username()
    {
        var docs = Project(
            Item(
                "students",
                """{"studentUniqueId":"605550","firstName":"Ana","lastSurname":"Ruiz","birthDate":"2010-03-04T00:00:00"}"""
            ),
            Item(
                "studentEducationOrganizationAssociations",
                """
                {"studentReference":{"studentUniqueId":"605550"},"educationOrganizationReference":{"educationOrganizationId":255901},
                 "hispanicLatinoEthnicity":true,"races":[{"raceDescriptor":"uri://ed-fi.org/RaceDescriptor#Asian"}]}
                """
            )
        );

        var id = Md5("STU-605550");
        AssertJson(
            $$"""
            {"sourcedId":"{{id}}",
             "metadata":{"edfi":{"resource":"students","naturalKey":{"studentUniqueId":"605550"} } },
             "birthDate":"2010-03-04",
             "americanIndianOrAlaskaNative":"false","asian":"true","blackOrAfricanAmerican":"false",
             "nativeHawaiianOrOtherPacificIslander":"false","white":"false",
             "demographicRaceTwoOrMoreRaces":"false","hispanicOrLatinoEthnicity":"true"}
            """,
            docs.Single("demographics", id).Body
        );
        AssertJson(
            $$"""
            {"sourcedId":"{{id}}",
             "metadata":{"edfi":{"resource":"students","naturalKey":{"studentUniqueId":"605550"},"educationOrganizationId":null} },
             "userIds":[{"type":"studentUniqueId","identifier":"605550"}],
             "enabledUser":"true","givenName":"Ana","familyName":"Ruiz","identifier":"605550"}
            """,
            docs.Single("users", id).Body
        );
    }
}
