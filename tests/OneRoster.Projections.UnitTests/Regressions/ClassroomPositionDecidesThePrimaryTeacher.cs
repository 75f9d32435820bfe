using Xunit;
using static OneRoster.Projections.UnitTests.Mapping.MappingTestKit;

namespace OneRoster.Projections.UnitTests.Regressions;

/// <summary>
/// mapping.md §6 row 15: a staff section association's classroom position decides <c>primary</c>: Teacher of
/// Record is <c>"true"</c>, Assistant Teacher <c>"false"</c>, and a missing or unmapped position <c>"false"</c>.
/// </summary>
public class ClassroomPositionDecidesThePrimaryTeacher
{
    private static string Association(string staff, string position) =>
        $$"""
            {"staffReference":{"staffUniqueId":"{{staff}}"},"beginDate":"2021-08-23",
             {{position}}
             "sectionReference":{"localCourseCode":"ALG-1","schoolId":1,"schoolYear":2022,"sectionIdentifier":"S1","sessionName":"Fall"} }
            """;

    private static string Position(string codeValue) =>
        $"\"classroomPositionDescriptor\":\"uri://ed-fi.org/ClassroomPositionDescriptor#{codeValue}\",";

    [Fact]
    public void teacher_of_record_is_primary_and_every_other_position_is_not()
    {
        var docs = Project(
            Item(
                "sections",
                """
                {"sectionIdentifier":"S1","courseOfferingReference":{"localCourseCode":"ALG-1","schoolId":1,"schoolYear":2022,"sessionName":"Fall"} }
                """
            ),
            Item("staffs", """{"staffUniqueId":"record"}"""),
            Item("staffs", """{"staffUniqueId":"assistant"}"""),
            Item("staffs", """{"staffUniqueId":"missing"}"""),
            Item("staffs", """{"staffUniqueId":"unmapped"}"""),
            Item("staffSectionAssociations", Association("record", Position("Teacher of Record"))),
            Item("staffSectionAssociations", Association("assistant", Position("Assistant Teacher"))),
            Item("staffSectionAssociations", Association("missing", "")),
            Item("staffSectionAssociations", Association("unmapped", Position("Co-Teacher")))
        );

        string Primary(string staff) =>
            docs.Single("enrollments", Md5($"{staff}-alg-1-1-2022-s1-fall-2021-08-23")).Body[
                "primary"
            ]!.GetValue<string>();
        Assert.Equal("true", Primary("record"));
        Assert.Equal("false", Primary("assistant"));
        Assert.Equal("false", Primary("missing"));
        Assert.Equal("false", Primary("unmapped"));
        Assert.All(docs.Of("enrollments"), e => Assert.Equal("teacher", e.Kind));
    }
}
