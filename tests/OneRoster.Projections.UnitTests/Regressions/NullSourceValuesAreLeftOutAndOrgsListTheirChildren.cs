using System.Globalization;
using Xunit;
using static OneRoster.Projections.UnitTests.Mapping.MappingTestKit;

namespace OneRoster.Projections.UnitTests.Regressions;

/// <summary>
/// mapping.md §6 row 7: Ed-Fi fields sent as JSON null leave their OneRoster field out (no null values), an LEA
/// lists its schools and an SEA its LEAs as <c>children</c>, and users rows never carry the internal top-level
/// <c>role</c> (it is the document's Kind). The row's third point, a dateLastModified on schoolYear rows, is the
/// writer's job here (D2) and has no counterpart in the mapping.
/// </summary>
public class NullSourceValuesAreLeftOutAndOrgsListTheirChildren
{
    private static readonly OneRoster.Projections.Mapping.SourceItem[] Records =
    [
        Item("stateEducationAgencies", Sea),
        Item("localEducationAgencies", Lea),
        Item("schools", School(1)),
        Item("schools", School(2)),
        Item(
            "students",
            """
            {"studentUniqueId":"604821","firstName":"Maria","middleName":null,"lastSurname":"Garcia",
             "preferredFirstName":null,"preferredLastSurname":null,"birthDate":null,"birthSexDescriptor":null,
             "birthCity":null,"birthCountryDescriptor":null,"birthStateAbbreviationDescriptor":null}
            """
        ),
        Item(
            "studentSchoolAssociations",
            """
            {"studentReference":{"studentUniqueId":"604821"},"schoolReference":{"schoolId":1},"entryDate":"2021-08-23",
             "entryGradeLevelDescriptor":null,"exitWithdrawDate":null,"primarySchool":null}
            """
        ),
        Item(
            "studentEducationOrganizationAssociations",
            """
            {"studentReference":{"studentUniqueId":"604821"},"educationOrganizationReference":{"educationOrganizationId":1},
             "electronicMails":null,"races":null,"hispanicLatinoEthnicity":null,"studentIdentificationCodes":null}
            """
        ),
        Item(
            "courseOfferings",
            """
            {"localCourseCode":"ENG-9","localCourseTitle":null,"schoolReference":{"schoolId":1},
             "sessionReference":{"schoolId":1,"schoolYear":2022,"sessionName":"Fall"},
             "courseReference":{"courseCode":"ENG-9","educationOrganizationId":255901} }
            """
        ),
        Item(
            "sections",
            """
            {"sectionIdentifier":"E1","sectionName":null,"locationReference":null,"classPeriods":null,
             "courseOfferingReference":{"localCourseCode":"ENG-9","schoolId":1,"schoolYear":2022,"sessionName":"Fall"} }
            """
        ),
        Item(
            "studentSectionAssociations",
            """
            {"studentReference":{"studentUniqueId":"604821"},"beginDate":"2021-08-23","endDate":null,
             "sectionReference":{"localCourseCode":"ENG-9","schoolId":1,"schoolYear":2022,"sectionIdentifier":"E1","sessionName":"Fall"} }
            """
        ),
    ];

    [Fact]
    public void null_source_values_give_no_null_or_empty_fields()
    {
        var docs = Project(Records);

        Assert.DoesNotContain(docs, d =>
            d.Body.Any(kv => kv.Value is null || kv.Value.ToJsonString() == "\"\"")
        );
        var userId = Md5("STU-604821-1");
        AssertJson(
            $$"""
            {"sourcedId":"{{userId}}",
             "metadata":{"edfi":{"resource":"students","naturalKey":{"studentUniqueId":"604821"},"educationOrganizationId":1} },
             "userIds":[{"type":"studentUniqueId","identifier":"604821"}],
             "enabledUser":"true","givenName":"Maria","familyName":"Garcia",
             "roles":[{"roleType":"primary","role":"student","org":{{OrgRef(1)}}}],
             "identifier":"604821"}
            """,
            docs.Single("users", userId).Body
        );
        var cls = docs.Single("classes", Md5("eng-9-1-2022-e1-fall")).Body;
        Assert.False(cls.ContainsKey("location"));
        Assert.False(cls.ContainsKey("periods"));
        Assert.Equal("ENG-9", cls["title"]!.GetValue<string>());
        var enrollment = docs.Single("enrollments", Md5("604821-eng-9-1-2022-e1-fall-2021-08-23")).Body;
        Assert.False(enrollment.ContainsKey("endDate"));
    }

    [Fact]
    public void lea_lists_its_schools_and_sea_its_leas_as_children()
    {
        var docs = Project(Records);

        var schools = new[] { 1L, 2L }
            .OrderBy(id => Md5(id.ToString(CultureInfo.InvariantCulture)), StringComparer.Ordinal)
            .Select(OrgRef);
        AssertJson($"[{string.Join(",", schools)}]", docs.Single("orgs", Md5("255901")).Body["children"]);
        AssertJson($"[{OrgRef(255901)}]", docs.Single("orgs", Md5("48")).Body["children"]);
    }

    [Fact]
    public void users_rows_carry_no_top_level_role()
    {
        var docs = Project(Records);

        var user = docs.Single("users", Md5("STU-604821-1"));
        Assert.Equal("student", user.Kind);
        Assert.False(user.Body.ContainsKey("role"));
    }
}
