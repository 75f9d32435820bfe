using System.Net;
using Xunit;

namespace OneRoster.Projections.IntegrationTests.Api;

/// <summary>The filter grammar on /users: each operator, field type, the quoting rules and each error.</summary>
public sealed class FilterTests(HandWorkedRoster fixture) : IClassFixture<HandWorkedRoster>
{
    private const string Users = "/ims/oneroster/rostering/v1p2/users";

    [Theory]
    [InlineData("status='active'", "u1,u3")]
    [InlineData("status!='active'", "u2")]
    [InlineData("givenName~'ANN'", "u1,u3")]
    [InlineData("familyName='O''Brien'", "u1")]
    [InlineData("givenName>'B'", "u2,u3")]
    [InlineData("givenName>='Bob'", "u2,u3")]
    [InlineData("givenName<'B'", "u1")]
    [InlineData("givenName<='Bob'", "u1,u2")]
    [InlineData("givenName = 'Bob'", "u2")]
    [InlineData("middleName!='x'", "u1,u2,u3")]
    [InlineData("sourcedId>='u2'", "u2,u3")]
    public async Task each_operator_compares_text_fields_as_written(string filter, string expected) =>
        await AssertMatchesAsync(filter, expected);

    [Theory]
    [InlineData("dateLastModified>'2024-03-01'", "u3")]
    [InlineData("dateLastModified>='2024-03-01'", "u2,u3")]
    [InlineData("dateLastModified<'2024-03-01T00:00:00Z'", "u1")]
    [InlineData("dateLastModified<='2024-03-01T00:00:00.000Z'", "u1,u2")]
    [InlineData("dateLastModified='2024-03-01T12:30:00.000Z'", "u3")]
    [InlineData("dateLastModified!='2024-03-01T12:30:00Z'", "u1,u2")]
    [InlineData("dateLastModified>'2024-03-01T13:00:00+02:00'", "u3")]
    [InlineData("dateLastModified>'2024-03-01T12:00:00'", "u3")]
    public async Task date_last_modified_takes_a_date_as_midnight_utc_or_a_date_time_in_any_zone(
        string filter,
        string expected
    ) => await AssertMatchesAsync(filter, expected);

    [Theory]
    [InlineData("roles.role='teacher'", "u2")]
    [InlineData("roles.org.sourcedId='school-b'", "u2,u3")]
    [InlineData("roles.org.sourcedId!='school-b'", "u1")]
    [InlineData("grades='10'", "u3")]
    [InlineData("grades!='09'", "u2,u3")]
    [InlineData("grades~'1'", "u3")]
    public async Task dotted_and_array_fields_match_when_any_element_does(string filter, string expected) =>
        await AssertMatchesAsync(filter, expected);

    [Theory]
    [InlineData("status='active' AND roles.org.sourcedId='school-b'", "u3")]
    [InlineData("givenName='Bob' OR familyName='Zed'", "u2,u3")]
    [InlineData("givenName='Bob' or familyName='Zed'", "u2,u3")]
    [InlineData("status='active' AND grades='09' AND givenName~'a'", "u1")]
    public async Task and_or_combine_clauses(string filter, string expected) =>
        await AssertMatchesAsync(filter, expected);

    [Fact]
    public async Task a_value_is_data_never_sql()
    {
        await AssertMatchesAsync("givenName='x'' OR ''1''=''1'", "");
    }

    [Theory]
    [InlineData("shoeSize='42'")]
    [InlineData("roles.shoe='1'")]
    [InlineData("givenName='unterminated")]
    [InlineData("givenName=Ann")]
    [InlineData("givenName=='Ann'")]
    [InlineData("givenName'Ann'")]
    [InlineData("status='active' AND")]
    [InlineData("status='active' givenName='Ann'")]
    [InlineData("status='active' AND givenName='Ann' OR familyName='Zed'")]
    [InlineData("dateLastModified>'yesterday'")]
    [InlineData("dateLastModified>'2024-13-45'")]
    [InlineData("dateLastModified~'2024'")]
    [InlineData("")]
    public async Task a_malformed_filter_or_unknown_field_is_a_400_invalid_filter_field(string filter)
    {
        using var response = await fixture.Client.GetAsync(Users + "?filter=" + Uri.EscapeDataString(filter));

        await StatusInfoAssert.IsErrorAsync(response, HttpStatusCode.BadRequest, "invalid_filter_field");
    }

    [Theory]
    [InlineData("status='active' AND", "ends with AND")]
    [InlineData("status='active' or ", "ends with OR")]
    [InlineData("status='active' givenName='Ann'", "Expected AND or OR")]
    [InlineData("dateLastModified>'2024-13-45'", "out of range")]
    [InlineData("dateLastModified>'yesterday'", "is not a date (YYYY-MM-DD)")]
    public async Task the_400_says_what_is_wrong_with_the_filter(string filter, string says)
    {
        using var response = await fixture.Client.GetAsync(Users + "?filter=" + Uri.EscapeDataString(filter));

        using var body = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains(
            says,
            body.RootElement.GetProperty("imsx_description").GetString(),
            StringComparison.Ordinal
        );
    }

    [Fact]
    public async Task a_repeated_filter_is_a_400_invalid_filter_field()
    {
        using var response = await fixture.Client.GetAsync(Users + "?filter=status%3D%27active%27&filter=x");

        await StatusInfoAssert.IsErrorAsync(response, HttpStatusCode.BadRequest, "invalid_filter_field");
    }

    [Fact]
    public async Task a_field_of_another_class_is_unknown_here()
    {
        using var response = await fixture.Client.GetAsync(
            Users + "?filter=" + Uri.EscapeDataString("title='C'")
        );

        await StatusInfoAssert.IsErrorAsync(response, HttpStatusCode.BadRequest, "invalid_filter_field");
    }

    private async Task AssertMatchesAsync(string filter, string expected)
    {
        using var response = await fixture.Client.GetAsync(Users + "?filter=" + Uri.EscapeDataString(filter));

        var ids = await PagingTests.SourcedIdsAsync(response, "users");
        Assert.Equal(expected, string.Join(',', ids));
        Assert.Equal(ids.Length.ToString(), PagingTests.Header(response, "X-Total-Count"));
    }
}
