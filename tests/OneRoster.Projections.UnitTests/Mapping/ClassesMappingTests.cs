using Xunit;
using static OneRoster.Projections.UnitTests.Mapping.MappingTestKit;

namespace OneRoster.Projections.UnitTests.Mapping;

public class ClassesMappingTests
{
    private static string Offering(string localTitle = "") =>
        $$"""
            {"localCourseCode":"Alg-1","schoolReference":{"schoolId":255901001},
             "sessionReference":{"sessionName":"2021-2022 Fall Semester","schoolYear":2022,"schoolId":255901001},
             {{(localTitle.Length > 0 ? $"\"localCourseTitle\":\"{localTitle}\"," : "")}}
             "courseReference":{"courseCode":"ALG-1","educationOrganizationId":255901001} }
            """;

    private static string Section(string periods = "", string name = "") =>
        $$"""
            {"sectionIdentifier":"SEC-A","courseOfferingReference":{"localCourseCode":"Alg-1","schoolId":255901001,
              "sessionName":"2021-2022 Fall Semester","schoolYear":2022},
             "locationReference":{"schoolId":255901001,"classroomIdentificationCode":"220"},
             {{(name.Length > 0 ? $"\"sectionName\":\"{name}\"," : "")}}
             "classPeriods":[{{periods}}]}
            """;

    private static string Period(string name) =>
        $$"""{"classPeriodReference":{"schoolId":255901001,"classPeriodName":"{{name}}"} }""";

    private const string AlgebraCourse =
        """{"courseCode":"ALG-1","courseTitle":"Algebra I","educationOrganizationReference":{"educationOrganizationId":255901001}}""";

    [Fact]
    public void class_sourcedId_lowercases_course_code_section_and_session()
    {
        var docs = Project(
            Item("schools", School(255901001)),
            Item("courseOfferings", Offering("Algebra (local)")),
            Item("sections", Section(Period("02 - Traditional")))
        );

        var id = Md5("alg-1-255901001-2022-sec-a-2021-2022 fall semester");
        var cls = docs.Single("classes", id);

        Assert.Null(cls.Kind);
        Assert.Equal([255901001L], cls.EducationOrganizationIds);
        AssertJson(
            $$"""
            {"sourcedId":"{{id}}",
             "metadata":{"edfi":{"resource":"sections","naturalKey":{"localCourseCode":"Alg-1","schoolid":255901001,
                "sectionIdentifier":"SEC-A","sessionName":"2021-2022 Fall Semester"} } },
             "title":"Algebra (local)","classCode":"Alg-1","classType":"scheduled","location":"220",
             "course":{{Ref("courses", "course", Md5("255901001-ALG-1"))}},
             "school":{{OrgRef(255901001)}},
             "terms":[{{Ref(
                "academicSessions",
                "academicSession",
                Md5("255901001-2022-2021-2022 Fall Semester")
            )}}],
             "periods":["02 - Traditional"]}
            """,
            cls.Body
        );
    }

    [Theory]
    [InlineData("Local title", true, "Sec name", "Local title")]
    [InlineData("", true, "Sec name", "Algebra I")]
    [InlineData("", false, "Sec name", "Sec name")]
    [InlineData("", false, "", "Alg-1")]
    public void class_title_falls_back_to_course_title_then_section_name_then_class_code(
        string localTitle,
        bool withCourse,
        string sectionName,
        string expected
    )
    {
        var items = new List<OneRoster.Projections.Mapping.SourceItem>
        {
            Item("schools", School(255901001)),
            Item("courseOfferings", Offering(localTitle)),
            Item("sections", Section(name: sectionName)),
        };
        if (withCourse)
        {
            items.Add(Item("courses", AlgebraCourse));
        }

        var cls = Project([.. items]).Of("classes").Single();

        Assert.Equal(expected, cls.Body["title"]!.GetValue<string>());
    }

    [Fact]
    public void periods_are_distinct_and_sorted_and_absent_when_there_are_none()
    {
        var withPeriods = Project(
            Item("schools", School(255901001)),
            Item("courseOfferings", Offering()),
            Item("sections", Section(string.Join(",", Period("03 - B"), Period("01 - A"), Period("03 - B"))))
        );
        var withoutPeriods = Project(
            Item("schools", School(255901001)),
            Item("courseOfferings", Offering()),
            Item("sections", Section())
        );

        AssertJson("""["01 - A","03 - B"]""", withPeriods.Of("classes").Single().Body["periods"]);
        Assert.False(withoutPeriods.Of("classes").Single().Body.ContainsKey("periods"));
    }

    [Fact]
    public void section_without_an_offering_at_an_existing_school_produces_no_class()
    {
        var noOffering = Project(Item("schools", School(255901001)), Item("sections", Section()));
        var noSchool = Project(Item("courseOfferings", Offering()), Item("sections", Section()));

        Assert.Empty(noOffering.Of("classes"));
        Assert.Empty(noSchool.Of("classes"));
    }

    [Fact]
    public void sections_whose_keys_differ_only_in_case_share_one_class_whatever_the_input_order()
    {
        var upper = Item("sections", Section());
        var lower = Item("sections", Section().Replace("\"SEC-A\"", "\"sec-a\"", StringComparison.Ordinal));
        var school = Item("schools", School(255901001));
        var offering = Item("courseOfferings", Offering());

        var one = Project(school, offering, upper, lower).Of("classes");
        var other = Project(school, offering, lower, upper).Of("classes");

        var cls = Assert.Single(one);
        Assert.Equal(Md5("alg-1-255901001-2022-sec-a-2021-2022 fall semester"), cls.SourcedId);
        Assert.Equal(cls.Body.ToJsonString(), Assert.Single(other).Body.ToJsonString());
    }

    [Fact]
    public void section_without_a_location_reference_has_no_location()
    {
        var docs = Project(
            Item("schools", School(255901001)),
            Item("courseOfferings", Offering()),
            Item(
                "sections",
                """
                {"sectionIdentifier":"SEC-A","courseOfferingReference":{"localCourseCode":"Alg-1","schoolId":255901001,
                  "sessionName":"2021-2022 Fall Semester","schoolYear":2022} }
                """
            )
        );

        Assert.False(docs.Of("classes").Single().Body.ContainsKey("location"));
    }
}
