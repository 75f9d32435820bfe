using Xunit;
using static OneRoster.Projections.UnitTests.Mapping.MappingTestKit;

namespace OneRoster.Projections.UnitTests.Regressions;

/// <summary>
/// mapping.md §6 row 2: a school with no LEA, or an LEA with no SEA, has no <c>parent</c> (the reference used to
/// emit the raw id there).
/// </summary>
public class SchoolWithoutLeaOrLeaWithoutSeaHasNoParent
{
    [Fact]
    public void school_without_lea_reference_has_no_parent()
    {
        var docs = Project(
            Item("schools", """{"schoolId":255901044,"nameOfInstitution":"Grand Bend Middle School"}"""),
            Item(
                "schools",
                """
                {"schoolId":255901107,"nameOfInstitution":"Grand Bend Elementary School","localEducationAgencyReference":null}
                """
            )
        );

        AssertJson(
            $$"""
            {"sourcedId":"{{Md5("255901044")}}",
             "metadata":{"edfi":{"resource":"schools","naturalKey":{"schoolId":255901044} } },
             "name":"Grand Bend Middle School","type":"school","identifier":"255901044"}
            """,
            docs.Single("orgs", Md5("255901044")).Body
        );
        Assert.False(docs.Single("orgs", Md5("255901107")).Body.ContainsKey("parent"));
    }

    [Fact]
    public void lea_without_sea_reference_has_no_parent()
    {
        var docs = Project(
            Item(
                "localEducationAgencies",
                """{"localEducationAgencyId":255901,"nameOfInstitution":"Grand Bend ISD"}"""
            )
        );

        AssertJson(
            $$"""
            {"sourcedId":"{{Md5("255901")}}",
             "metadata":{"edfi":{"resource":"localEducationAgencies","naturalKey":{"localEducationAgencyId":255901} } },
             "name":"Grand Bend ISD","type":"district","identifier":"255901"}
            """,
            docs.Single("orgs", Md5("255901")).Body
        );
    }
}
