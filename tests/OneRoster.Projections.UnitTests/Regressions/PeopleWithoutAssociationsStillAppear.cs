using Xunit;
using static OneRoster.Projections.UnitTests.Mapping.MappingTestKit;

namespace OneRoster.Projections.UnitTests.Regressions;

/// <summary>
/// mapping.md §6 row 5: people missing the records the reference once inner-joined still get their users (and
/// demographics) rows: a student with no grade on the school association and no SEOA, a student with no school at
/// all, a staff member with no identification codes and no classification, a contact linked to no student.
/// </summary>
public class PeopleWithoutAssociationsStillAppear
{
    [Fact]
    public void student_with_no_grade_and_no_seoa_has_a_users_and_a_demographics_row()
    {
        var docs = Project(
            Item("schools", School(255901001)),
            Item("students", """{"studentUniqueId":"605396","firstName":"Lee","lastSurname":"Park"}"""),
            Item(
                "studentSchoolAssociations",
                """
                {"studentReference":{"studentUniqueId":"605396"},"schoolReference":{"schoolId":255901001},"entryDate":"2021-08-23"}
                """
            )
        );

        var id = Md5("STU-605396-255901001");
        AssertJson(
            $$"""
            {"sourcedId":"{{id}}",
             "metadata":{"edfi":{"resource":"students","naturalKey":{"studentUniqueId":"605396"},"educationOrganizationId":255901001} },
             "userIds":[{"type":"studentUniqueId","identifier":"605396"}],
             "enabledUser":"true","givenName":"Lee","familyName":"Park",
             "roles":[{"roleType":"primary","role":"student","org":{{OrgRef(255901001)}}}],
             "identifier":"605396"}
            """,
            docs.Single("users", id).Body
        );
        AssertJson(
            $$"""
            {"sourcedId":"{{id}}",
             "metadata":{"edfi":{"resource":"students","naturalKey":{"studentUniqueId":"605396"},"educationOrganizationId":255901001} },
             "americanIndianOrAlaskaNative":"false","asian":"false","blackOrAfricanAmerican":"false",
             "nativeHawaiianOrOtherPacificIslander":"false","white":"false",
             "demographicRaceTwoOrMoreRaces":"false","hispanicOrLatinoEthnicity":"false"}
            """,
            docs.Single("demographics", id).Body
        );
    }

    [Fact]
    public void student_with_no_school_association_has_schoolless_rows()
    {
        var docs = Project(
            Item("students", """{"studentUniqueId":"605618","firstName":"Jo","lastSurname":"Kim"}""")
        );

        Assert.Equal("student", docs.Single("users", Md5("STU-605618")).Kind);
        docs.Single("demographics", Md5("STU-605618"));
    }

    [Fact]
    public void staff_with_no_identification_codes_and_no_classification_has_a_users_row()
    {
        var docs = Project(
            Item("schools", School(255901001)),
            Item("staffs", """{"staffUniqueId":"207220","firstName":"Ola","lastSurname":"Berg"}"""),
            Item(
                "staffSchoolAssociations",
                """
                {"staffReference":{"staffUniqueId":"207220"},"schoolReference":{"schoolId":255901001},
                 "programAssignmentDescriptor":"uri://ed-fi.org/ProgramAssignmentDescriptor#Regular Education"}
                """
            )
        );

        var id = Md5("STA-207220-255901001");
        var row = docs.Single("users", id);

        Assert.Null(row.Kind);
        AssertJson(
            $$"""
            {"sourcedId":"{{id}}",
             "metadata":{"edfi":{"resource":"staffs","naturalKey":{"staffUniqueId":"207220"},
               "staffClassification":null,"educationOrganizationId":255901001} },
             "enabledUser":"true","givenName":"Ola","familyName":"Berg","identifier":"207220"}
            """,
            row.Body
        );
    }

    [Fact]
    public void contact_linked_to_no_student_has_a_users_row()
    {
        var docs = Project(
            Item("contacts", """{"contactUniqueId":"C-9","firstName":"Mo","lastSurname":"Ali"}""")
        );

        var id = Md5("PAR-C-9");
        var row = docs.Single("users", id);

        Assert.Equal("parent", row.Kind);
        AssertJson(
            $$"""
            {"sourcedId":"{{id}}",
             "metadata":{"edfi":{"resource":"contacts","naturalKey":{"contactUniqueId":"C-9"},"educationOrganizationId":null} },
             "userIds":[{"type":"contactUniqueId","identifier":"C-9"}],
             "enabledUser":"true","givenName":"Mo","familyName":"Ali","identifier":"C-9"}
            """,
            row.Body
        );
    }
}
