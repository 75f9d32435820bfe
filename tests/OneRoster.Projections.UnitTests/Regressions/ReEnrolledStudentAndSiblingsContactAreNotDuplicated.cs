using Xunit;
using static OneRoster.Projections.UnitTests.Mapping.MappingTestKit;

namespace OneRoster.Projections.UnitTests.Regressions;

/// <summary>
/// mapping.md §6 row 14: a student re-enrolled at the same school (two school associations) and a contact linked
/// to two siblings at one school each get one users row with one roles entry for that school.
/// </summary>
public class ReEnrolledStudentAndSiblingsContactAreNotDuplicated
{
    private static string Ssa(string student, string entry, string exit = "") =>
        $$"""
            {"studentReference":{"studentUniqueId":"{{student}}"},"schoolReference":{"schoolId":255901107},
             "entryDate":"{{entry}}"{{(exit.Length > 0 ? $",\"exitWithdrawDate\":\"{exit}\"" : "")}} }
            """;

    private static string Link(string student) =>
        $$"""{"contactReference":{"contactUniqueId":"C-1"},"studentReference":{"studentUniqueId":"{{student}}"} }""";

    [Fact]
    public void re_enrolled_student_and_parent_of_two_siblings_have_one_row_and_one_role_each()
    {
        var docs = Project(
            Item("schools", School(255901107)),
            Item("students", """{"studentUniqueId":"A"}"""),
            Item("students", """{"studentUniqueId":"B"}"""),
            Item("studentSchoolAssociations", Ssa("A", "2021-08-23", exit: "2021-10-01")),
            Item("studentSchoolAssociations", Ssa("A", "2022-01-04")),
            Item("studentSchoolAssociations", Ssa("B", "2021-08-23")),
            Item("contacts", """{"contactUniqueId":"C-1"}"""),
            Item("studentContactAssociations", Link("A")),
            Item("studentContactAssociations", Link("B"))
        );

        var student = Assert.Single(docs.Of("users"), u => u.Body["identifier"]!.GetValue<string>() == "A");
        Assert.Equal(Md5("STU-A-255901107"), student.SourcedId);
        AssertJson(
            $$"""[{"roleType":"primary","role":"student","org":{{OrgRef(255901107)}}}]""",
            student.Body["roles"]
        );
        var parent = Assert.Single(docs.Of("users"), u => u.Kind == "parent");
        Assert.Equal(Md5("PAR-C-1-255901107"), parent.SourcedId);
        AssertJson(
            $$"""[{"roleType":"primary","role":"parent","org":{{OrgRef(255901107)}}}]""",
            parent.Body["roles"]
        );
        Assert.Equal(
            new[] { Md5("STU-A-255901107"), Md5("STU-B-255901107") }.Order(StringComparer.Ordinal),
            docs.Of("demographics").Select(d => d.SourcedId)
        );
    }
}
