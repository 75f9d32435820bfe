using System.Globalization;
using OneRoster.Projections.Mapping;
using Xunit;
using static OneRoster.Projections.UnitTests.Mapping.MappingTestKit;

namespace OneRoster.Projections.UnitTests.Mapping;

public class ContactUsersMappingTests
{
    private static SourceItem Ssa(string student, long school, string entry) =>
        Item(
            "studentSchoolAssociations",
            $$"""
            {"studentReference":{"studentUniqueId":"{{student}}"},"schoolReference":{"schoolId":{{school}}},"entryDate":"{{entry}}"}
            """
        );

    private static SourceItem Link(string student) =>
        Item(
            "studentContactAssociations",
            $$"""
            {"studentReference":{"studentUniqueId":"{{student}}"},"contactReference":{"contactUniqueId":"777777"},
             "relationDescriptor":"uri://ed-fi.org/RelationDescriptor#Mother"}
            """
        );

    private static readonly SourceItem Contact = Item(
        "contacts",
        """
        {"contactUniqueId":"777777","firstName":"Marguerite","lastSurname":"Walls","electronicMails":[
          {"electronicMailAddress":"z@x.org","primaryEmailAddressIndicator":true,"doNotPublishIndicator":false},
          {"electronicMailAddress":"a@x.org","primaryEmailAddressIndicator":true,"doNotPublishIndicator":true},
          {"electronicMailAddress":"b@x.org","primaryEmailAddressIndicator":false,"doNotPublishIndicator":false},
          {"electronicMailAddress":"c@x.org","primaryEmailAddressIndicator":true}]}
        """
    );

    [Fact]
    public void contact_is_one_row_keyed_to_the_school_where_a_linked_student_entered_last()
    {
        var docs = Project(
            Item("schools", School(1)),
            Item("schools", School(2)),
            Contact,
            Item("students", """{"studentUniqueId":"A"}"""),
            Item("students", """{"studentUniqueId":"B"}"""),
            Ssa("A", 1, "2021-08-23"),
            Ssa("B", 1, "2021-08-23"),
            Ssa("B", 2, "2022-01-04"),
            Link("A"),
            Link("B")
        );

        var id = Md5("PAR-777777-2");
        var row = docs.Single("users", id);

        Assert.Equal("parent", row.Kind);
        Assert.Equal([2L], row.EducationOrganizationIds);
        var roles = new long[] { 1, 2 }
            .OrderBy(s => Md5(s.ToString(CultureInfo.InvariantCulture)), StringComparer.Ordinal)
            .Select(s => $$"""{"roleType":"primary","role":"parent","org":{{OrgRef(s)}}}""");
        AssertJson(
            $$"""
            {"sourcedId":"{{id}}",
             "metadata":{"edfi":{"resource":"contacts","naturalKey":{"contactUniqueId":"777777"},"educationOrganizationId":2} },
             "username":"z@x.org",
             "userIds":[{"type":"contactUniqueId","identifier":"777777"}],
             "enabledUser":"true","givenName":"Marguerite","familyName":"Walls",
             "roles":[{{string.Join(",", roles)}}],
             "identifier":"777777","email":"z@x.org"}
            """,
            row.Body
        );
        Assert.Single(docs.Of("users"), u => u.Kind == "parent");
    }

    [Fact]
    public void contact_school_tie_goes_to_the_lowest_schoolId_and_no_school_gives_the_bare_key()
    {
        var tie = Project(
            Item("schools", School(8)),
            Item("schools", School(3)),
            Contact,
            Ssa("A", 8, "2021-08-23"),
            Ssa("A", 3, "2021-08-23"),
            Link("A")
        );
        var none = Project(Contact);

        tie.Single("users", Md5("PAR-777777-3"));
        var bare = none.Single("users", Md5("PAR-777777"));
        Assert.False(bare.Body.ContainsKey("roles"));
        Assert.Null(bare.Body["metadata"]!["edfi"]!["educationOrganizationId"]);
    }

    [Fact]
    public void ds4_reads_parents_and_student_parent_associations()
    {
        var docs = Project(
            4,
            Item("schools", School(1)),
            Item(
                "parents",
                """{"parentUniqueId":"P1","firstName":"A","lastSurname":"B","preferredFirstName":"C"}"""
            ),
            Ssa("S", 1, "2021-08-23"),
            Item(
                "studentParentAssociations",
                """{"studentReference":{"studentUniqueId":"S"},"parentReference":{"parentUniqueId":"P1"}}"""
            )
        );

        var row = docs.Single("users", Md5("PAR-P1-1"));

        Assert.Equal("parents", row.Body["metadata"]!["edfi"]!["resource"]!.GetValue<string>());
        AssertJson("""[{"type":"parentUniqueId","identifier":"P1"}]""", row.Body["userIds"]);
        Assert.False(row.Body.ContainsKey("preferredFirstName"));
    }

    [Fact]
    public void schools_that_do_not_exist_are_not_contact_schools_and_any_relation_is_a_parent()
    {
        var docs = Project(
            Item("schools", School(1)),
            Contact,
            Ssa("A", 1, "2021-08-23"),
            Ssa("A", 99, "2022-01-04"),
            Item(
                "studentContactAssociations",
                """
                {"studentReference":{"studentUniqueId":"A"},"contactReference":{"contactUniqueId":"777777"},
                 "relationDescriptor":"uri://ed-fi.org/RelationDescriptor#Grandparent"}
                """
            )
        );

        var row = docs.Single("users", Md5("PAR-777777-1"));

        Assert.Equal("parent", row.Kind);
        AssertJson($$"""[{"roleType":"primary","role":"parent","org":{{OrgRef(1)}}}]""", row.Body["roles"]);
    }
}
