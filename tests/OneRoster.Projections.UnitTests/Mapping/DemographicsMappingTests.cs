using OneRoster.Projections.Mapping;
using Xunit;
using static OneRoster.Projections.UnitTests.Mapping.MappingTestKit;

namespace OneRoster.Projections.UnitTests.Mapping;

public class DemographicsMappingTests
{
    private static readonly SourceItem Student = Item(
        "students",
        """
        {"studentUniqueId":"605550","birthDate":"2010-03-04","birthSexDescriptor":"uri://ed-fi.org/SexDescriptor#Female",
         "birthCity":"Grand Bend","birthCountryDescriptor":"uri://ed-fi.org/CountryDescriptor#US",
         "birthStateAbbreviationDescriptor":"uri://ed-fi.org/StateAbbreviationDescriptor#TX"}
        """
    );

    private static SourceItem Seoa(long edorg, string race, bool? hispanic = null) =>
        Item(
            "studentEducationOrganizationAssociations",
            $$"""
            {"studentReference":{"studentUniqueId":"605550"},"educationOrganizationReference":{"educationOrganizationId":{{edorg}}},
             {{(
                hispanic is null ? "" : $"\"hispanicLatinoEthnicity\":{(hispanic.Value ? "true" : "false")},"
            )}}
             "races":[{"raceDescriptor":"uri://ed-fi.org/RaceDescriptor#{{race}}"}]}
            """
        );

    private static readonly SourceItem Ssa = Item(
        "studentSchoolAssociations",
        """
        {"studentReference":{"studentUniqueId":"605550"},"schoolReference":{"schoolId":255901001},"entryDate":"2021-08-23"}
        """
    );

    [Fact]
    public void races_are_the_union_across_every_seoa_and_two_distinct_races_make_two_or_more()
    {
        var docs = Project(
            Item("schools", School(255901001)),
            Student,
            Ssa,
            Seoa(255901, "White", hispanic: false),
            Seoa(255901001, "Native Hawaiian or Pacific Islander", hispanic: true),
            Seoa(48, "Other")
        );

        var id = Md5("STU-605550-255901001");
        var row = docs.Single("demographics", id);

        Assert.Null(row.Kind);
        Assert.Equal([255901001L], row.EducationOrganizationIds);
        AssertJson(
            $$"""
            {"sourcedId":"{{id}}",
             "metadata":{"edfi":{"resource":"students","naturalKey":{"studentUniqueId":"605550"},"educationOrganizationId":255901001} },
             "birthDate":"2010-03-04","sex":"female",
             "americanIndianOrAlaskaNative":"false","asian":"false","blackOrAfricanAmerican":"false",
             "nativeHawaiianOrOtherPacificIslander":"true","white":"true",
             "demographicRaceTwoOrMoreRaces":"true","hispanicOrLatinoEthnicity":"true",
             "countryOfBirthCode":"US","stateOfBirthAbbreviation":"TX","cityOfBirth":"Grand Bend"}
            """,
            row.Body
        );
    }

    [Fact]
    public void the_same_race_at_school_and_lea_is_not_two_or_more()
    {
        var docs = Project(
            Item("schools", School(255901001)),
            Student,
            Ssa,
            Seoa(255901, "Asian"),
            Seoa(255901001, "Asian")
        );

        var row = docs.Single("demographics", Md5("STU-605550-255901001"));

        Assert.Equal("true", row.Body["asian"]!.GetValue<string>());
        Assert.Equal("false", row.Body["demographicRaceTwoOrMoreRaces"]!.GetValue<string>());
        Assert.Equal("false", row.Body["hispanicOrLatinoEthnicity"]!.GetValue<string>());
    }

    [Fact]
    public void ds4_race_spellings_map_through_the_shipped_tables()
    {
        var docs = Project(
            4,
            Student,
            Seoa(255901, "Black - African American"),
            Seoa(255901, "American Indian - Alaska Native")
        );

        var row = docs.Single("demographics", Md5("STU-605550"));

        Assert.Equal("true", row.Body["blackOrAfricanAmerican"]!.GetValue<string>());
        Assert.Equal("true", row.Body["americanIndianOrAlaskaNative"]!.GetValue<string>());
        Assert.Equal("true", row.Body["demographicRaceTwoOrMoreRaces"]!.GetValue<string>());
    }

    [Fact]
    public void student_without_school_gets_one_row_whose_metadata_omits_the_edorg()
    {
        var docs = Project(Student, Seoa(255901, "Choose Not to Respond"));

        var row = docs.Single("demographics", Md5("STU-605550"));

        Assert.False(row.Body["metadata"]!["edfi"]!.AsObject().ContainsKey("educationOrganizationId"));
        Assert.Equal("false", row.Body["white"]!.GetValue<string>());
        Assert.Equal("false", row.Body["demographicRaceTwoOrMoreRaces"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("Non-binary", "other")]
    [InlineData("Not Selected", "unspecified")]
    [InlineData("Male", "male")]
    [InlineData("Unknown", null)]
    public void sex_is_the_mapped_birth_sex_and_absent_when_unmapped(string birthSex, string? sex)
    {
        var docs = Project(
            Item(
                "students",
                $$"""{"studentUniqueId":"605550","birthSexDescriptor":"uri://ed-fi.org/SexDescriptor#{{birthSex}}"}"""
            )
        );

        var row = docs.Single("demographics", Md5("STU-605550")).Body;

        Assert.Equal(sex, row["sex"]?.GetValue<string>());
        Assert.Equal(sex is not null, row.ContainsKey("sex"));
    }

    [Fact]
    public void every_existing_school_of_the_student_gets_a_row_with_the_same_person_values()
    {
        static SourceItem At(long school) =>
            Item(
                "studentSchoolAssociations",
                $$"""{"studentReference":{"studentUniqueId":"605550"},"schoolReference":{"schoolId":{{school}} },"entryDate":"2021-08-23"}"""
            );
        var docs = Project(
            Item("schools", School(1)),
            Item("schools", School(2)),
            Student,
            At(1),
            At(2),
            At(3), // school 3 does not exist: no row
            Seoa(255901, "White", hispanic: true)
        );

        Assert.Equal(
            new[] { Md5("STU-605550-1"), Md5("STU-605550-2") }.Order(StringComparer.Ordinal),
            docs.Of("demographics").Select(d => d.SourcedId)
        );
        string PersonValues(string id)
        {
            var body = docs.Single("demographics", id).Body.DeepClone().AsObject();
            body.Remove("sourcedId");
            body.Remove("metadata");
            return body.ToJsonString();
        }
        Assert.Equal(PersonValues(Md5("STU-605550-1")), PersonValues(Md5("STU-605550-2")));
        Assert.Contains("\"white\":\"true\"", PersonValues(Md5("STU-605550-1")), StringComparison.Ordinal);
    }
}
