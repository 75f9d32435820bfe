using Xunit;
using static OneRoster.Projections.UnitTests.Mapping.MappingTestKit;

namespace OneRoster.Projections.UnitTests.Mapping;

public class OrgsMappingTests
{
    [Fact]
    public void school_org_is_md5_of_school_id_with_its_lea_as_parent()
    {
        var docs = Project(
            Item("schools", School(255901001, name: "Grand Bend High School")),
            Item("localEducationAgencies", Lea)
        );

        var school = docs.Single("orgs", Md5("255901001"));

        Assert.Equal("school", school.Kind);
        Assert.Equal([255901001L], school.EducationOrganizationIds);
        AssertJson(
            $$"""
            {"sourcedId":"{{Md5("255901001")}}",
             "metadata":{"edfi":{"resource":"schools","naturalKey":{"schoolId":255901001} } },
             "name":"Grand Bend High School","type":"school","identifier":"255901001",
             "parent":{{OrgRef(255901)}}}
            """,
            school.Body
        );
    }

    [Fact]
    public void district_lists_its_existing_schools_as_children_sorted_by_sourcedId_and_points_at_its_state()
    {
        var docs = Project(
            Item("schools", School(255901107)),
            Item("schools", School(255901001)),
            Item("schools", School(255901044)),
            Item("schools", School(1, lea: 999)),
            Item("localEducationAgencies", Lea),
            Item("stateEducationAgencies", Sea)
        );

        var district = docs.Single("orgs", Md5("255901"));

        var children = new[] { 255901001L, 255901044L, 255901107L }
            .OrderBy(
                id => Md5(id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                StringComparer.Ordinal
            )
            .Select(OrgRef);
        Assert.Equal("district", district.Kind);
        AssertJson(
            $$"""
            {"sourcedId":"{{Md5("255901")}}",
             "metadata":{"edfi":{"resource":"localEducationAgencies","naturalKey":{"localEducationAgencyId":255901} } },
             "name":"Grand Bend ISD","type":"district","identifier":"255901",
             "parent":{{OrgRef(48)}},
             "children":[{{string.Join(",", children)}}]}
            """,
            district.Body
        );
    }

    [Fact]
    public void state_lists_its_districts_as_children_and_has_no_parent()
    {
        var docs = Project(Item("localEducationAgencies", Lea), Item("stateEducationAgencies", Sea));

        var state = docs.Single("orgs", Md5("48"));

        Assert.Equal("state", state.Kind);
        AssertJson(
            $$"""
            {"sourcedId":"{{Md5("48")}}",
             "metadata":{"edfi":{"resource":"stateEducationAgencies","naturalKey":{"stateEducationAgencyId":48} } },
             "name":"Texas Education Agency","type":"state","identifier":"48",
             "children":[{{OrgRef(255901)}}]}
            """,
            state.Body
        );
    }

    [Fact]
    public void school_without_lea_has_no_parent_and_district_without_schools_has_no_children()
    {
        var docs = Project(
            Item("schools", School(7, lea: null)),
            Item("localEducationAgencies", """{"localEducationAgencyId":5,"nameOfInstitution":"Empty ISD"}""")
        );

        Assert.False(docs.Single("orgs", Md5("7")).Body.ContainsKey("parent"));
        Assert.False(docs.Single("orgs", Md5("5")).Body.ContainsKey("children"));
        Assert.False(docs.Single("orgs", Md5("5")).Body.ContainsKey("parent"));
    }

    [Fact]
    public void education_service_centers_are_not_orgs()
    {
        var docs = Project(
            Item(
                "educationServiceCenters",
                """{"educationServiceCenterId":255950,"nameOfInstitution":"ESC"}"""
            )
        );

        Assert.Empty(docs.Of("orgs"));
    }

    [Fact]
    public void school_parent_points_at_its_lea_id_even_when_that_lea_does_not_exist()
    {
        var docs = Project(Item("schools", School(1, lea: 999)));

        AssertJson(OrgRef(999), docs.Single("orgs", Md5("1")).Body["parent"]);
    }

    [Fact]
    public void state_without_districts_has_no_children()
    {
        var docs = Project(Item("stateEducationAgencies", Sea));

        Assert.False(docs.Single("orgs", Md5("48")).Body.ContainsKey("children"));
    }

    [Fact]
    public void district_parent_comes_only_from_its_state_not_a_parent_district_or_service_center()
    {
        var docs = Project(
            Item(
                "localEducationAgencies",
                """
                {"localEducationAgencyId":255902,"nameOfInstitution":"Charter ISD",
                 "parentLocalEducationAgencyReference":{"localEducationAgencyId":255901},
                 "educationServiceCenterReference":{"educationServiceCenterId":255950} }
                """
            ),
            Item("localEducationAgencies", Lea),
            Item(
                "educationServiceCenters",
                """{"educationServiceCenterId":255950,"nameOfInstitution":"ESC"}"""
            )
        );

        Assert.False(docs.Single("orgs", Md5("255902")).Body.ContainsKey("parent"));
        Assert.False(docs.Single("orgs", Md5("255901")).Body.ContainsKey("children"));
    }
}
