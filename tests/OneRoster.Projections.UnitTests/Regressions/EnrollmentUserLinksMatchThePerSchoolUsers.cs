using Xunit;
using static OneRoster.Projections.UnitTests.Mapping.MappingTestKit;

namespace OneRoster.Projections.UnitTests.Regressions;

/// <summary>
/// mapping.md §6 row 13: an enrollment's user link is <c>md5(STU|STA-uid-schoolId)</c> of the section's school, the
/// id of the person's users row at that school (it used to point at an id no users row had).
/// </summary>
public class EnrollmentUserLinksMatchThePerSchoolUsers
{
    private const string SectionKey =
        """{"localCourseCode":"BIO","schoolId":2,"schoolYear":2022,"sectionIdentifier":"B1","sessionName":"Fall"}""";

    [Fact]
    public void student_and_teacher_enrollments_link_their_users_row_at_the_section_school()
    {
        var docs = Project(
            Item("schools", School(1)),
            Item("schools", School(2)),
            Item(
                "sections",
                """
                {"sectionIdentifier":"B1","courseOfferingReference":{"localCourseCode":"BIO","schoolId":2,"schoolYear":2022,"sessionName":"Fall"} }
                """
            ),
            Item("students", """{"studentUniqueId":"Stu-9"}"""),
            Item(
                "studentSchoolAssociations",
                """{"studentReference":{"studentUniqueId":"Stu-9"},"schoolReference":{"schoolId":1},"entryDate":"2021-08-23"}"""
            ),
            Item(
                "studentSchoolAssociations",
                """{"studentReference":{"studentUniqueId":"Stu-9"},"schoolReference":{"schoolId":2},"entryDate":"2021-08-23"}"""
            ),
            Item(
                "studentSectionAssociations",
                $$"""{"studentReference":{"studentUniqueId":"Stu-9"},"sectionReference":{{SectionKey}},"beginDate":"2021-08-23"}"""
            ),
            Item("staffs", """{"staffUniqueId":"Sta-7"}"""),
            Item(
                "staffSchoolAssociations",
                """{"staffReference":{"staffUniqueId":"Sta-7"},"schoolReference":{"schoolId":2} }"""
            ),
            Item(
                "staffSectionAssociations",
                $$"""{"staffReference":{"staffUniqueId":"Sta-7"},"sectionReference":{{SectionKey}},"beginDate":"2021-08-23"}"""
            )
        );

        var student = docs.Single("enrollments", Md5("stu-9-bio-2-2022-b1-fall-2021-08-23"));
        var teacher = docs.Single("enrollments", Md5("sta-7-bio-2-2022-b1-fall-2021-08-23"));

        AssertJson(Ref("users", "user", Md5("STU-Stu-9-2")), student.Body["user"]);
        AssertJson(Ref("users", "user", Md5("STA-Sta-7-2")), teacher.Body["user"]);
        docs.Single("users", Md5("STU-Stu-9-2"));
        docs.Single("users", Md5("STA-Sta-7-2"));
    }
}
