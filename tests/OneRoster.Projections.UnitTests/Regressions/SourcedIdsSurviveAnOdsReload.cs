using OneRoster.Projections.Mapping;
using Xunit;
using static OneRoster.Projections.UnitTests.Mapping.MappingTestKit;

namespace OneRoster.Projections.UnitTests.Regressions;

/// <summary>
/// mapping.md §6 row 1: reloading the ODS gives every record a new API <c>id</c> (and new reference links).
/// Every sourcedId comes from natural keys, org parents from natural ids, and a demographics row has the id of
/// its student user row.
/// </summary>
public class SourcedIdsSurviveAnOdsReload
{
    private static SourceItem[] District(string apiId) =>
        [
            Item(
                "localEducationAgencies",
                $$"""{"id":"{{apiId}}-lea","localEducationAgencyId":255901,"nameOfInstitution":"Grand Bend ISD"}"""
            ),
            Item(
                "schools",
                $$"""
                {"id":"{{apiId}}-school","schoolId":255901001,"nameOfInstitution":"Grand Bend High School",
                 "localEducationAgencyReference":{"localEducationAgencyId":255901,
                   "link":{"rel":"LocalEducationAgency","href":"/ed-fi/localEducationAgencies/{{apiId}}-lea"} } }
                """
            ),
            Item(
                "sessions",
                $$"""
                {"id":"{{apiId}}-session","sessionName":"2021-2022 Fall Semester","schoolReference":{"schoolId":255901001},
                 "schoolYearTypeReference":{"schoolYear":2022},"beginDate":"2021-08-23","endDate":"2021-12-17",
                 "termDescriptor":"uri://ed-fi.org/TermDescriptor#Fall Semester"}
                """
            ),
            Item(
                "courses",
                $$"""
                {"id":"{{apiId}}-course","courseCode":"ALG-1","courseTitle":"Algebra I",
                 "educationOrganizationReference":{"educationOrganizationId":255901001} }
                """
            ),
            Item(
                "courseOfferings",
                $$"""
                {"id":"{{apiId}}-offering","localCourseCode":"ALG-1","schoolReference":{"schoolId":255901001},
                 "sessionReference":{"schoolId":255901001,"schoolYear":2022,"sessionName":"2021-2022 Fall Semester"},
                 "courseReference":{"courseCode":"ALG-1","educationOrganizationId":255901001} }
                """
            ),
            Item(
                "sections",
                $$"""
                {"id":"{{apiId}}-section","sectionIdentifier":"ALG1-01","courseOfferingReference":{"localCourseCode":"ALG-1",
                  "schoolId":255901001,"schoolYear":2022,"sessionName":"2021-2022 Fall Semester"} }
                """
            ),
            Item(
                "students",
                $$"""{"id":"{{apiId}}-student","studentUniqueId":"604821","firstName":"Maria","lastSurname":"Garcia"}"""
            ),
            Item(
                "studentSchoolAssociations",
                $$"""
                {"id":"{{apiId}}-ssa","studentReference":{"studentUniqueId":"604821"},"schoolReference":{"schoolId":255901001},
                 "entryDate":"2021-08-23","entryGradeLevelDescriptor":"uri://ed-fi.org/GradeLevelDescriptor#Ninth grade"}
                """
            ),
            Item(
                "studentSectionAssociations",
                $$"""
                {"id":"{{apiId}}-stusec","studentReference":{"studentUniqueId":"604821"},"beginDate":"2021-08-23",
                 "sectionReference":{"localCourseCode":"ALG-1","schoolId":255901001,"schoolYear":2022,
                   "sectionIdentifier":"ALG1-01","sessionName":"2021-2022 Fall Semester"} }
                """
            ),
            Item(
                "staffs",
                $$"""{"id":"{{apiId}}-staff","staffUniqueId":"207288","firstName":"Barry","lastSurname":"Tanner"}"""
            ),
            Item(
                "staffSchoolAssociations",
                $$"""
                {"id":"{{apiId}}-staffschool","staffReference":{"staffUniqueId":"207288"},"schoolReference":{"schoolId":255901001},
                 "programAssignmentDescriptor":"uri://ed-fi.org/ProgramAssignmentDescriptor#Regular Education"}
                """
            ),
            Item(
                "staffSectionAssociations",
                $$"""
                {"id":"{{apiId}}-stasec","staffReference":{"staffUniqueId":"207288"},"beginDate":"2021-08-23",
                 "sectionReference":{"localCourseCode":"ALG-1","schoolId":255901001,"schoolYear":2022,
                   "sectionIdentifier":"ALG1-01","sessionName":"2021-2022 Fall Semester"} }
                """
            ),
            Item(
                "contacts",
                $$"""{"id":"{{apiId}}-contact","contactUniqueId":"777001","firstName":"Rosa","lastSurname":"Garcia"}"""
            ),
            Item(
                "studentContactAssociations",
                $$"""
                {"id":"{{apiId}}-link","contactReference":{"contactUniqueId":"777001"},"studentReference":{"studentUniqueId":"604821"} }
                """
            ),
        ];

    [Fact]
    public void every_sourcedId_comes_from_natural_keys_whatever_the_api_ids_are()
    {
        var before = Project(District("0a1f9c"));
        var after = Project(District("e0f8b2"));

        var expected = new[]
        {
            ("orgs", Md5("255901")),
            ("orgs", Md5("255901001")),
            ("academicSessions", Md5("255901001-2022-2021-2022 Fall Semester")),
            ("courses", Md5("255901001-ALG-1")),
            ("classes", Md5("alg-1-255901001-2022-alg1-01-2021-2022 fall semester")),
            ("enrollments", Md5("604821-alg-1-255901001-2022-alg1-01-2021-2022 fall semester-2021-08-23")),
            ("enrollments", Md5("207288-alg-1-255901001-2022-alg1-01-2021-2022 fall semester-2021-08-23")),
            ("users", Md5("STU-604821-255901001")),
            ("users", Md5("STA-207288-255901001")),
            ("users", Md5("PAR-777001-255901001")),
            ("demographics", Md5("STU-604821-255901001")),
        };
        Assert.Equal(expected.Order(), before.Select(d => (d.Class, d.SourcedId)).Order());
        Assert.Equal(before.Select(d => d.Body.ToJsonString()), after.Select(d => d.Body.ToJsonString()));
    }

    [Fact]
    public void school_parent_links_the_natural_lea_id()
    {
        var docs = Project(District("0a1f9c"));

        AssertJson(OrgRef(255901), docs.Single("orgs", Md5("255901001")).Body["parent"]);
    }

    [Fact]
    public void demographics_row_has_the_sourcedId_of_the_student_user_row()
    {
        var docs = Project(District("0a1f9c"));

        var user = Assert.Single(docs.Of("users"), u => u.Kind == "student");
        var demographic = Assert.Single(docs.Of("demographics"));
        Assert.Equal(Md5("STU-604821-255901001"), user.SourcedId);
        Assert.Equal(user.SourcedId, demographic.SourcedId);
    }
}
