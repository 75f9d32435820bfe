using Xunit;
using static OneRoster.Projections.UnitTests.Mapping.MappingTestKit;

namespace OneRoster.Projections.UnitTests.Regressions;

/// <summary>
/// mapping.md §6 row 4: sessions whose term is of the Trimester family are grading periods, and Quarter sessions
/// are terms (they used to disappear because those terms had no mapping).
/// </summary>
public class TrimesterAndQuarterSessionsAreKept
{
    [Theory]
    [InlineData("Trimester", "gradingPeriod")]
    [InlineData("First Trimester", "gradingPeriod")]
    [InlineData("Second Trimester", "gradingPeriod")]
    [InlineData("Third Trimester", "gradingPeriod")]
    [InlineData("Quarter", "term")]
    [InlineData("First Quarter", "term")]
    [InlineData("Second Quarter", "term")]
    [InlineData("Third Quarter", "term")]
    [InlineData("Fourth Quarter", "term")]
    public void session_of_this_term_is_kept_with_this_type(string term, string type)
    {
        var docs = Project(
            Item("schools", School(255901044)),
            Item(
                "sessions",
                $$"""
                {"sessionName":"2021-2022 {{term}}","schoolReference":{"schoolId":255901044},
                 "schoolYearTypeReference":{"schoolYear":2022},"beginDate":"2021-08-23","endDate":"2021-11-19",
                 "termDescriptor":"uri://ed-fi.org/TermDescriptor#{{term}}"}
                """
            )
        );

        var session = docs.Single("academicSessions", Md5($"255901044-2022-2021-2022 {term}"));

        Assert.Equal(type, session.Kind);
        Assert.Equal(type, session.Body["type"]!.GetValue<string>());
        Assert.Equal(term, session.Body["title"]!.GetValue<string>());
    }
}
