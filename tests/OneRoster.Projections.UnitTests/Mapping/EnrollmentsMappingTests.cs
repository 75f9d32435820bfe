using OneRoster.Projections.Mapping;
using Xunit;
using static OneRoster.Projections.UnitTests.Mapping.MappingTestKit;

namespace OneRoster.Projections.UnitTests.Mapping;

public class EnrollmentsMappingTests
{
    private const string SectionRef =
        """{"localCourseCode":"ART-01","schoolId":255901107,"schoolYear":2022,"sectionIdentifier":"Sec-5","sessionName":"Spring"}""";

    private static readonly SourceItem Section = Item(
        "sections",
        """
        {"sectionIdentifier":"Sec-5","courseOfferingReference":{"localCourseCode":"ART-01","schoolId":255901107,
         "sessionName":"Spring","schoolYear":2022}}
        """
    );

    private static SourceItem StaffSection(string uid, string? position) =>
        Item(
            "staffSectionAssociations",
            $$"""
            {"staffReference":{"staffUniqueId":"{{uid}}"},"sectionReference":{{SectionRef}},
             {{(
                position is null
                    ? ""
                    : $"\"classroomPositionDescriptor\":\"uri://ed-fi.org/ClassroomPositionDescriptor#{position}\","
            )}}
             "beginDate":"2022-01-04","endDate":"2022-05-27"}
            """
        );

    private static readonly SourceItem StudentSection = Item(
        "studentSectionAssociations",
        $$"""
        {"studentReference":{"studentUniqueId":"ST-604821"},"sectionReference":{{SectionRef}},"beginDate":"2022-01-04"}
        """
    );

    private static SourceItem Staff(string uid) =>
        Item("staffs", $$"""{"staffUniqueId":"{{uid}}","firstName":"A","lastSurname":"B"}""");

    private static readonly string ClassId = Md5("art-01-255901107-2022-sec-5-spring");

    [Fact]
    public void student_enrollment_lowercases_the_student_and_section_key_and_appends_beginDate()
    {
        var docs = Project(Section, Item("students", """{"studentUniqueId":"ST-604821"}"""), StudentSection);

        var id = Md5("st-604821-art-01-255901107-2022-sec-5-spring-2022-01-04");
        var enrollment = docs.Single("enrollments", id);

        Assert.Equal("student", enrollment.Kind);
        Assert.Equal([255901107L], enrollment.EducationOrganizationIds);
        AssertJson(
            $$"""
            {"sourcedId":"{{id}}",
             "metadata":{"edfi":{"resource":"studentSectionAssociations","naturalKey":{"studentUniqueId":"ST-604821",
               "localCourseCode":"ART-01","schoolId":255901107,"schoolYear":2022,"sectionIdentifier":"Sec-5",
               "sessionName":"Spring","beginDate":"2022-01-04"} } },
             "user":{{Ref("users", "user", Md5("STU-ST-604821-255901107"))}},
             "class":{{Ref("classes", "class", ClassId)}},
             "school":{{OrgRef(255901107)}},
             "role":"student","primary":"false","beginDate":"2022-01-04"}
            """,
            enrollment.Body
        );
    }

    [Theory]
    [InlineData("Teacher of Record", "true")]
    [InlineData("Assistant Teacher", "false")]
    [InlineData("Unheard Of", "false")]
    [InlineData(null, "false")]
    public void teacher_enrollment_is_primary_only_when_the_classroom_position_maps_to_true(
        string? position,
        string primary
    )
    {
        var docs = Project(Section, Staff("T1"), StaffSection("T1", position));

        var enrollment = docs.Single("enrollments", Md5("t1-art-01-255901107-2022-sec-5-spring-2022-01-04"));

        Assert.Equal("teacher", enrollment.Kind);
        Assert.Equal(primary, enrollment.Body["primary"]!.GetValue<string>());
        AssertJson(Ref("users", "user", Md5("STA-T1-255901107")), enrollment.Body["user"]);
        Assert.Equal("2022-05-27", enrollment.Body["endDate"]!.GetValue<string>());
    }

    [Fact]
    public void ds4_staff_enrollment_drops_beginDate_from_the_sourcedId_and_the_natural_key()
    {
        var docs = Project(4, Section, Staff("T1"), StaffSection("T1", "Teacher of Record"));

        var enrollment = docs.Single("enrollments", Md5("t1-art-01-255901107-2022-sec-5-spring"));

        Assert.False(
            enrollment.Body["metadata"]!["edfi"]!["naturalKey"]!.AsObject().ContainsKey("beginDate")
        );
        Assert.Equal("2022-01-04", enrollment.Body["beginDate"]!.GetValue<string>());
    }

    [Fact]
    public void enrollment_needs_its_section_and_its_person_but_not_the_class_row()
    {
        var noSection = Project(Staff("T1"), StaffSection("T1", null));
        var noPerson = Project(Section, StaffSection("T1", null), StudentSection);
        var noOffering = Project(Section, Staff("T1"), StaffSection("T1", null));

        Assert.Empty(noSection.Of("enrollments"));
        Assert.Empty(noPerson.Of("enrollments"));
        Assert.Single(noOffering.Of("enrollments"));
        Assert.Empty(noOffering.Of("classes"));
    }

    [Fact]
    public void staff_enrollment_carries_its_natural_key_with_beginDate_and_its_dates()
    {
        var docs = Project(Section, Staff("T1"), StaffSection("T1", "Teacher of Record"));

        var id = Md5("t1-art-01-255901107-2022-sec-5-spring-2022-01-04");
        AssertJson(
            $$"""
            {"sourcedId":"{{id}}",
             "metadata":{"edfi":{"resource":"staffSectionAssociations","naturalKey":{"staffUniqueId":"T1",
               "localCourseCode":"ART-01","schoolId":255901107,"schoolYear":2022,"sectionIdentifier":"Sec-5",
               "sessionName":"Spring","beginDate":"2022-01-04"} } },
             "user":{{Ref("users", "user", Md5("STA-T1-255901107"))}},
             "class":{{Ref("classes", "class", ClassId)}},
             "school":{{OrgRef(255901107)}},
             "role":"teacher","primary":"true","beginDate":"2022-01-04","endDate":"2022-05-27"}
            """,
            docs.Single("enrollments", id).Body
        );
    }

    [Fact]
    public void ds4_student_enrollment_keeps_beginDate_in_its_sourcedId()
    {
        var docs = Project(
            4,
            Section,
            Item("students", """{"studentUniqueId":"ST-604821"}"""),
            StudentSection
        );

        var enrollment = docs.Single(
            "enrollments",
            Md5("st-604821-art-01-255901107-2022-sec-5-spring-2022-01-04")
        );

        Assert.Equal(
            "2022-01-04",
            enrollment.Body["metadata"]!["edfi"]!["naturalKey"]!["beginDate"]!.GetValue<string>()
        );
    }

    [Fact]
    public void an_aide_in_a_section_is_enrolled_as_teacher()
    {
        var docs = Project(
            Item("schools", School(255901107)),
            Section,
            Staff("T1"),
            Item(
                "staffSchoolAssociations",
                """{"staffReference":{"staffUniqueId":"T1"},"schoolReference":{"schoolId":255901107} }"""
            ),
            Item(
                "staffEducationOrganizationAssignmentAssociations",
                """
                {"staffReference":{"staffUniqueId":"T1"},"educationOrganizationReference":{"educationOrganizationId":255901107},
                 "staffClassificationDescriptor":"uri://ed-fi.org/StaffClassificationDescriptor#Instructional Aide"}
                """
            ),
            StaffSection("T1", "Support Teacher")
        );

        var enrollment = docs.Single("enrollments", Md5("t1-art-01-255901107-2022-sec-5-spring-2022-01-04"));

        Assert.Equal("aide", docs.Single("users", Md5("STA-T1-255901107")).Kind);
        Assert.Equal("teacher", enrollment.Kind);
        Assert.Equal("teacher", enrollment.Body["role"]!.GetValue<string>());
    }
}
