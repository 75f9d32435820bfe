using System.Globalization;
using OneRoster.Projections.Mapping;
using Xunit;
using static OneRoster.Projections.UnitTests.Mapping.MappingTestKit;

namespace OneRoster.Projections.UnitTests.Mapping;

public class StaffUsersMappingTests
{
    private static SourceItem Staff(string extra = "") =>
        Item(
            "staffs",
            $$"""
            {"staffUniqueId":"207219","firstName":"Earnest","lastSurname":"Buck","preferredFirstName":"Godwin"{{extra}}}
            """
        );

    private const string StateCode =
        ""","identificationCodes":[{"identificationCode":"X-9","staffIdentificationSystemDescriptor":"uri://ed-fi.org/StaffIdentificationSystemDescriptor#State"}]""";

    private static SourceItem AtSchool(long school, long firstSeen) =>
        Item(
            "staffSchoolAssociations",
            $$"""
            {"staffReference":{"staffUniqueId":"207219"},"schoolReference":{"schoolId":{{school}}},
             "programAssignmentDescriptor":"uri://ed-fi.org/ProgramAssignmentDescriptor#Regular Education"}
            """,
            firstSeen
        );

    private static SourceItem Assignment(long edorg, string classification) =>
        Item(
            "staffEducationOrganizationAssignmentAssociations",
            $$"""
            {"staffReference":{"staffUniqueId":"207219"},"educationOrganizationReference":{"educationOrganizationId":{{edorg}}},
             "staffClassificationDescriptor":"uri://ed-fi.org/StaffClassificationDescriptor#{{classification}}","beginDate":"2018-02-09"}
            """
        );

    private static readonly SourceItem Teaches = Item(
        "staffSectionAssociations",
        """
        {"staffReference":{"staffUniqueId":"207219"},"sectionReference":{"localCourseCode":"X","schoolId":9,"schoolYear":2022,
         "sectionIdentifier":"S","sessionName":"Fall"},"beginDate":"2021-08-23"}
        """
    );

    private static string Role(string roleType, string? role, long school) =>
        $$"""{"roleType":"{{roleType}}","role":{{(role is null ? "null" : $"\"{role}\"")}},"org":{{OrgRef(school)}}}""";

    private static string Roles(params (string RoleType, string? Role, long School)[] roles) =>
        "["
        + string.Join(
            ",",
            roles
                .OrderBy(r => Md5(r.School.ToString(CultureInfo.InvariantCulture)), StringComparer.Ordinal)
                .ThenBy(r => r.Role ?? "", StringComparer.Ordinal)
                .Select(r => Role(r.RoleType, r.Role, r.School))
        )
        + "]";

    [Fact]
    public void staff_classification_comes_from_the_school_assignment_then_from_the_lea_and_role_is_the_first_alphabetically()
    {
        var docs = Project(
            Item("schools", School(1)),
            Item("schools", School(2)),
            Staff(StateCode),
            AtSchool(1, firstSeen: 10),
            AtSchool(2, firstSeen: 20),
            Assignment(1, "Teacher"),
            Assignment(2, "Other"), // unmapped at school 2 → the LEA assignment counts instead
            Assignment(255901, "Superintendent")
        );

        var row = docs.Single("users", Md5("STA-207219-1"));

        Assert.Equal("districtAdministrator", row.Kind);
        Assert.Equal([1L], row.EducationOrganizationIds);
        // School 2's association was first seen last, so it is the primary school (D6).
        AssertJson(
            $$"""
            {"sourcedId":"{{Md5("STA-207219-1")}}",
             "metadata":{"edfi":{"resource":"staffs","naturalKey":{"staffUniqueId":"207219"},
               "staffClassification":"districtAdministrator","educationOrganizationId":1} },
             "userIds":[{"type":"staffUniqueId","identifier":"207219"},{"type":"State","identifier":"X-9"}],
             "enabledUser":"true","givenName":"Earnest","familyName":"Buck","preferredFirstName":"Godwin",
             "roles":{{Roles(("secondary", "teacher", 1), ("primary", "districtAdministrator", 2))}},
             "identifier":"207219"}
            """,
            row.Body
        );
        Assert.Equal(
            row.Body["roles"]!.ToJsonString(),
            docs.Single("users", Md5("STA-207219-2")).Body["roles"]!.ToJsonString()
        );
    }

    [Fact]
    public void primary_school_ties_on_first_seen_go_to_the_lowest_schoolId()
    {
        var docs = Project(
            Item("schools", School(5)),
            Item("schools", School(4)),
            Staff(),
            AtSchool(5, firstSeen: 7),
            AtSchool(4, firstSeen: 7),
            Assignment(4, "Teacher"),
            Assignment(5, "Teacher")
        );

        AssertJson(
            Roles(("primary", "teacher", 4), ("secondary", "teacher", 5)),
            docs.Single("users", Md5("STA-207219-4")).Body["roles"]
        );
    }

    [Fact]
    public void staff_who_teaches_without_a_mapped_classification_is_a_teacher_in_roles_too()
    {
        var docs = Project(Item("schools", School(1)), Staff(), AtSchool(1, 1), Teaches);

        var row = docs.Single("users", Md5("STA-207219-1"));

        Assert.Equal("teacher", row.Kind);
        Assert.Equal("teacher", row.Body["metadata"]!["edfi"]!["staffClassification"]!.GetValue<string>());
        AssertJson(Roles(("primary", "teacher", 1)), row.Body["roles"]);
        // No identification codes: userIds is absent altogether, as in the reference.
        Assert.False(row.Body.ContainsKey("userIds"));
    }

    [Fact]
    public void staff_with_only_unmapped_classifications_and_no_sections_has_no_role()
    {
        var docs = Project(
            Item("schools", School(1)),
            Staff(),
            AtSchool(1, 1),
            Assignment(1, "Librarian/Media Specialist")
        );

        var row = docs.Single("users", Md5("STA-207219-1"));

        Assert.Null(row.Kind);
        Assert.Null(row.Body["metadata"]!["edfi"]!["staffClassification"]);
        // No role value exists, and OneRoster forbids a null one: roles is left out rather than [{"role":null}].
        Assert.False(row.Body.ContainsKey("roles"));
    }

    [Fact]
    public void staff_without_school_gets_a_schoolless_row_with_roles_from_mapped_assignments_and_no_classification()
    {
        var docs = Project(
            Item("localEducationAgencies", Lea),
            Staff(),
            Teaches,
            Assignment(255901, "Superintendent"),
            Assignment(255901, "Other")
        );

        var row = docs.Single("users", Md5("STA-207219"));

        Assert.Null(row.Kind);
        Assert.Empty(row.EducationOrganizationIds);
        AssertJson(Roles(("primary", "districtAdministrator", 255901)), row.Body["roles"]);
    }

    [Fact]
    public void staff_email_prefers_work_then_type_order_and_is_dropped_when_do_not_publish()
    {
        const string mails = """
            ,"electronicMails":[
              {"electronicMailAddress":"home@x.org","electronicMailTypeDescriptor":"uri://ed-fi.org/ElectronicMailTypeDescriptor#Home/Personal"},
              {"electronicMailAddress":"work@x.org","electronicMailTypeDescriptor":"uri://ed-fi.org/ElectronicMailTypeDescriptor#Work"}]
            """;
        var work = Project(Staff(mails)).Of("users").Single();
        var hidden = Project(
                Staff(
                    mails.Replace(
                        "#Work\"",
                        "#Work\",\"doNotPublishIndicator\":true",
                        StringComparison.Ordinal
                    )
                )
            )
            .Of("users")
            .Single();
        var contact = Project(
                Staff(),
                Item(
                    "staffEducationOrganizationContactAssociations",
                    """
                    {"staffReference":{"staffUniqueId":"207219"},"educationOrganizationReference":{"educationOrganizationId":1},
                     "contactTitle":"Office","electronicMailAddress":"office@x.org"}
                    """
                )
            )
            .Of("users")
            .Single();

        Assert.Equal("work@x.org", work.Body["email"]!.GetValue<string>());
        Assert.Equal("work@x.org", work.Body["username"]!.GetValue<string>());
        Assert.False(hidden.Body.ContainsKey("email"));
        Assert.Equal("office@x.org", contact.Body["email"]!.GetValue<string>());
    }

    [Fact]
    public void school_with_no_assignment_of_its_own_takes_the_lea_classification()
    {
        var docs = Project(
            Item("schools", School(1)),
            Staff(),
            AtSchool(1, 1),
            Assignment(255901, "Principal")
        );

        var row = docs.Single("users", Md5("STA-207219-1"));

        Assert.Equal("principal", row.Kind);
        AssertJson(Roles(("primary", "principal", 1)), row.Body["roles"]);
    }

    [Fact]
    public void several_assignments_at_one_school_give_one_role_each_and_ended_ones_still_count()
    {
        var ended = Item(
            "staffEducationOrganizationAssignmentAssociations",
            """
            {"staffReference":{"staffUniqueId":"207219"},"educationOrganizationReference":{"educationOrganizationId":1},
             "staffClassificationDescriptor":"uri://ed-fi.org/StaffClassificationDescriptor#School Counselor",
             "beginDate":"2015-08-01","endDate":"2019-06-30"}
            """
        );
        var docs = Project(
            Item("schools", School(1)),
            Staff(),
            AtSchool(1, 1),
            Assignment(1, "Teacher"),
            ended
        );

        var row = docs.Single("users", Md5("STA-207219-1"));

        Assert.Equal("counselor", row.Kind);
        AssertJson(Roles(("primary", "counselor", 1), ("primary", "teacher", 1)), row.Body["roles"]);
    }

    [Fact]
    public void association_at_a_missing_school_gives_no_row()
    {
        var docs = Project(Item("schools", School(1)), Staff(), AtSchool(9, 1));

        Assert.Equal(Md5("STA-207219"), Assert.Single(docs.Of("users")).SourcedId);
    }

    [Fact]
    public void ds4_staff_have_no_preferred_names()
    {
        var row = Project(4, Staff()).Of("users").Single();

        Assert.Equal("Earnest", row.Body["givenName"]!.GetValue<string>());
        Assert.False(row.Body.ContainsKey("preferredFirstName"));
    }

    [Fact]
    public void without_a_work_address_the_first_type_alphabetically_wins_among_mails_and_contact_titles()
    {
        var docs = Project(
            Staff(
                """
                ,"electronicMails":[{"electronicMailAddress":"home@x.org",
                  "electronicMailTypeDescriptor":"uri://ed-fi.org/ElectronicMailTypeDescriptor#Home/Personal"}]
                """
            ),
            Item(
                "staffEducationOrganizationContactAssociations",
                """
                {"staffReference":{"staffUniqueId":"207219"},"educationOrganizationReference":{"educationOrganizationId":1},
                 "contactTitle":"Office","electronicMailAddress":"office@x.org"}
                """
            ),
            Item(
                "staffEducationOrganizationContactAssociations",
                """
                {"staffReference":{"staffUniqueId":"207219"},"educationOrganizationReference":{"educationOrganizationId":2},
                 "contactTitle":"Emergency","electronicMailAddress":"emergency@x.org"}
                """
            )
        );

        Assert.Equal("emergency@x.org", docs.Of("users").Single().Body["email"]!.GetValue<string>());
    }
}
