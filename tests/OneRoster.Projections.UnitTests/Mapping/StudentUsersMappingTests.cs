using System.Globalization;
using OneRoster.Projections.Mapping;
using Xunit;
using static OneRoster.Projections.UnitTests.Mapping.MappingTestKit;

namespace OneRoster.Projections.UnitTests.Mapping;

public class StudentUsersMappingTests
{
    private static readonly SourceItem Student = Item(
        "students",
        """
        {"studentUniqueId":"604821","firstName":"Tyrone","middleName":"J","lastSurname":"Dyer",
         "preferredFirstName":"Ty","preferredLastSurname":"Dye","birthDate":"2014-11-13"}
        """
    );

    private static SourceItem Ssa(
        long school,
        string entry,
        string grade,
        bool? primary = null,
        string? exit = null
    ) =>
        Item(
            "studentSchoolAssociations",
            $$"""
            {"studentReference":{"studentUniqueId":"604821"},"schoolReference":{"schoolId":{{school}}},
             "entryDate":"{{entry}}","entryGradeLevelDescriptor":"uri://ed-fi.org/GradeLevelDescriptor#{{grade}}"
             {{(primary is null ? "" : $",\"primarySchool\":{(primary.Value ? "true" : "false")}")}}
             {{(exit is null ? "" : $",\"exitWithdrawDate\":\"{exit}\"")}}}
            """
        );

    private static SourceItem Seoa(long edorg, string extra) =>
        Item(
            "studentEducationOrganizationAssociations",
            $$"""
            {"studentReference":{"studentUniqueId":"604821"},"educationOrganizationReference":{"educationOrganizationId":{{edorg}}}
             {{(extra.Length > 0 ? "," + extra : "")}}}
            """
        );

    private const string Mail = """
        "electronicMails":[{"electronicMailAddress":"work@example.org","electronicMailTypeDescriptor":"uri://ed-fi.org/ElectronicMailTypeDescriptor#Work"},
          {"electronicMailAddress":"ty@example.org","electronicMailTypeDescriptor":"uri://ed-fi.org/ElectronicMailTypeDescriptor#Home/Personal","doNotPublishIndicator":false}]
        """;

    private static string Codes(string system, string code) =>
        $$"""
            "studentIdentificationCodes":[{"studentIdentificationSystemDescriptor":"uri://ed-fi.org/StudentIdentificationSystemDescriptor#{{system}}","identificationCode":"{{code}}"}]
            """;

    private static string Role(string roleType, long school) =>
        $$"""{"roleType":"{{roleType}}","role":"student","org":{{OrgRef(school)}}}""";

    private static string Roles(params (string RoleType, long School)[] roles) =>
        "["
        + string.Join(
            ",",
            roles
                .OrderBy(r => Md5(r.School.ToString(CultureInfo.InvariantCulture)), StringComparer.Ordinal)
                .Select(r => Role(r.RoleType, r.School))
        )
        + "]";

    [Fact]
    public void student_gets_one_row_per_school_with_primary_and_secondary_roles_grade_userIds_and_email()
    {
        var docs = Project(
            Item("schools", School(255901107)),
            Item("schools", School(255901001)),
            Student,
            Ssa(255901107, "2021-08-23", "Second grade", primary: true),
            Ssa(255901001, "2022-01-04", "Third grade", primary: false),
            Seoa(255901, $"{Mail},{Codes("District", "G-604821")}"),
            Seoa(255901107, Codes("State", "S-1"))
        );

        var users = docs.Of("users");
        Assert.Equal(
            new[] { Md5("STU-604821-255901001"), Md5("STU-604821-255901107") }.Order(StringComparer.Ordinal),
            users.Select(u => u.SourcedId)
        );
        var row = docs.Single("users", Md5("STU-604821-255901107"));

        Assert.Equal("student", row.Kind);
        Assert.Equal([255901107L], row.EducationOrganizationIds);
        // Grade: the latest entry (2022-01-04) wins, whichever school is primary.
        AssertJson(
            $$"""
            {"sourcedId":"{{Md5("STU-604821-255901107")}}",
             "metadata":{"edfi":{"resource":"students","naturalKey":{"studentUniqueId":"604821"},"educationOrganizationId":255901107} },
             "username":"ty@example.org",
             "userIds":[{"type":"studentUniqueId","identifier":"604821"},{"type":"State","identifier":"S-1"}],
             "enabledUser":"true","givenName":"Tyrone","familyName":"Dyer","middleName":"J",
             "preferredFirstName":"Ty","preferredLastName":"Dye",
             "roles":{{Roles(("primary", 255901107), ("secondary", 255901001))}},
             "identifier":"604821","email":"ty@example.org","grades":["Third grade"]}
            """,
            row.Body
        );
        // Codes recorded at the LEA are not shown; only this row's school counts.
        AssertJson(
            """[{"type":"studentUniqueId","identifier":"604821"}]""",
            docs.Single("users", Md5("STU-604821-255901001")).Body["userIds"]
        );
    }

    [Fact]
    public void primary_school_without_a_primary_flag_is_the_latest_entry_then_the_lowest_schoolId()
    {
        var latest = Project(
            Item("schools", School(1)),
            Item("schools", School(2)),
            Student,
            Ssa(1, "2021-08-23", "First grade"),
            Ssa(2, "2021-09-01", "First grade")
        );
        var tie = Project(
            Item("schools", School(1)),
            Item("schools", School(2)),
            Student,
            Ssa(2, "2021-08-23", "First grade"),
            Ssa(1, "2021-08-23", "First grade")
        );

        AssertJson(
            Roles(("secondary", 1), ("primary", 2)),
            latest.Single("users", Md5("STU-604821-1")).Body["roles"]
        );
        AssertJson(
            Roles(("primary", 1), ("secondary", 2)),
            tie.Single("users", Md5("STU-604821-2")).Body["roles"]
        );
    }

    [Fact]
    public void re_enrolled_student_has_one_row_and_the_grade_of_the_open_association()
    {
        var docs = Project(
            Item("schools", School(1)),
            Student,
            Ssa(1, "2021-08-23", "Fifth grade", exit: "2021-10-08"),
            Ssa(1, "2021-08-23", "Sixth grade")
        );

        var row = docs.Of("users").Single();

        AssertJson("""["Sixth grade"]""", row.Body["grades"]);
        AssertJson(Roles(("primary", 1)), row.Body["roles"]);
    }

    [Fact]
    public void email_marked_do_not_publish_suppresses_the_email_without_fallback()
    {
        var docs = Project(
            Item("schools", School(1)),
            Student,
            Ssa(1, "2021-08-23", "First grade"),
            Seoa(
                255901,
                Mail.Replace(
                    "\"doNotPublishIndicator\":false",
                    "\"doNotPublishIndicator\":true",
                    StringComparison.Ordinal
                )
            )
        );

        var row = docs.Of("users").Single();

        Assert.False(row.Body.ContainsKey("email"));
        Assert.False(row.Body.ContainsKey("username"));
    }

    [Fact]
    public void student_without_school_gets_a_schoolless_row_with_a_role_at_its_seoa_org_and_no_grades()
    {
        var docs = Project(Item("localEducationAgencies", Lea), Student, Seoa(255901, ""));

        var row = docs.Single("users", Md5("STU-604821"));

        Assert.Empty(row.EducationOrganizationIds);
        Assert.Null(row.Body["metadata"]!["edfi"]!["educationOrganizationId"]);
        Assert.True(row.Body["metadata"]!["edfi"]!.AsObject().ContainsKey("educationOrganizationId"));
        AssertJson(
            $$"""[{"roleType":"primary","role":"student","org":{{OrgRef(255901)}}}]""",
            row.Body["roles"]
        );
        Assert.False(row.Body.ContainsKey("grades"));
    }

    [Fact]
    public void ds4_students_have_no_preferred_names()
    {
        var row = Project(4, Student).Of("users").Single();

        Assert.False(row.Body.ContainsKey("preferredFirstName"));
        Assert.False(row.Body.ContainsKey("preferredLastName"));
    }

    [Fact]
    public void grade_of_two_closed_entries_on_one_day_is_the_one_that_exited_last()
    {
        // The codeValue tie-break alone would pick "Sixth grade"; the later exit wins first.
        var docs = Project(
            Item("schools", School(1)),
            Student,
            Ssa(1, "2021-08-23", "Sixth grade", exit: "2021-09-01"),
            Ssa(1, "2021-08-23", "Fifth grade", exit: "2021-10-08")
        );

        AssertJson("""["Fifth grade"]""", docs.Of("users").Single().Body["grades"]);
    }

    [Fact]
    public void grade_of_two_open_entries_on_one_day_is_the_greater_code_value()
    {
        var docs = Project(
            Item("schools", School(1)),
            Student,
            Ssa(1, "2021-08-23", "Fifth grade"),
            Ssa(1, "2021-08-23", "Sixth grade")
        );

        AssertJson("""["Sixth grade"]""", docs.Of("users").Single().Body["grades"]);
    }

    [Fact]
    public void association_at_a_missing_school_gives_no_row_but_still_decides_the_grade()
    {
        var docs = Project(
            Item("schools", School(1)),
            Student,
            Ssa(1, "2021-08-23", "Fifth grade"),
            Ssa(99, "2022-01-04", "Sixth grade")
        );

        var row = Assert.Single(docs.Of("users"));
        Assert.Equal(Md5("STU-604821-1"), row.SourcedId);
        AssertJson("""["Sixth grade"]""", row.Body["grades"]);
        AssertJson(Roles(("primary", 1)), row.Body["roles"]);
    }

    [Fact]
    public void userIds_after_the_unique_id_are_sorted_by_identification_system()
    {
        var docs = Project(
            Item("schools", School(1)),
            Student,
            Ssa(1, "2021-08-23", "First grade"),
            Seoa(
                1,
                """
                "studentIdentificationCodes":[
                  {"studentIdentificationSystemDescriptor":"uri://ed-fi.org/StudentIdentificationSystemDescriptor#State","identificationCode":"S-1"},
                  {"studentIdentificationSystemDescriptor":"uri://ed-fi.org/StudentIdentificationSystemDescriptor#District","identificationCode":"D-1"},
                  {"studentIdentificationSystemDescriptor":"uri://ed-fi.org/StudentIdentificationSystemDescriptor#Local","identificationCode":"L-1"}]
                """
            )
        );

        AssertJson(
            """
            [{"type":"studentUniqueId","identifier":"604821"},{"type":"District","identifier":"D-1"},
             {"type":"Local","identifier":"L-1"},{"type":"State","identifier":"S-1"}]
            """,
            docs.Of("users").Single().Body["userIds"]
        );
    }

    [Fact]
    public void without_a_home_address_the_first_email_type_alphabetically_wins_on_every_row_with_the_same_roles()
    {
        var docs = Project(
            Item("schools", School(1)),
            Item("schools", School(2)),
            Student,
            Ssa(1, "2021-08-23", "First grade"),
            Ssa(2, "2021-08-23", "First grade"),
            Seoa(
                1,
                """
                "electronicMails":[
                  {"electronicMailAddress":"w@x.org","electronicMailTypeDescriptor":"uri://ed-fi.org/ElectronicMailTypeDescriptor#Work"},
                  {"electronicMailAddress":"o@x.org","electronicMailTypeDescriptor":"uri://ed-fi.org/ElectronicMailTypeDescriptor#Other"}]
                """
            )
        );

        var rows = docs.Of("users");
        Assert.Equal(2, rows.Count);
        Assert.All(rows, r => Assert.Equal("o@x.org", r.Body["email"]!.GetValue<string>()));
        Assert.All(rows, r => AssertJson(Roles(("primary", 1), ("secondary", 2)), r.Body["roles"]));
    }
}
