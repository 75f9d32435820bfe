using System.Net;
using Xunit;

namespace OneRoster.Projections.IntegrationTests.Api;

/// <summary>sort, orderBy and fields on collections and single objects.</summary>
public sealed class SortFieldsTests(HandWorkedRoster fixture) : IClassFixture<HandWorkedRoster>
{
    private const string Base = "/ims/oneroster/rostering/v1p2";

    [Theory]
    [InlineData("sort=familyName", "u1,u2,u3")]
    [InlineData("sort=givenName", "u1,u2,u3")]
    [InlineData("sort=givenName&orderBy=desc", "u3,u2,u1")]
    [InlineData("sort=dateLastModified&orderBy=desc", "u3,u2,u1")]
    [InlineData("orderBy=desc", "u3,u2,u1")]
    [InlineData("sort=status", "u1,u3,u2")]
    [InlineData("sort=status&limit=1&offset=1", "u3")]
    public async Task sort_orders_by_the_field_then_by_sourced_id(string query, string expected)
    {
        using var response = await fixture.Client.GetAsync($"{Base}/users?{query}");

        Assert.Equal(expected, string.Join(',', await PagingTests.SourcedIdsAsync(response, "users")));
    }

    [Fact]
    public async Task classes_sort_by_a_reference_part()
    {
        using var response = await fixture.Client.GetAsync(
            $"{Base}/classes?sort=school.sourcedId&orderBy=desc"
        );

        Assert.Equal("c2,c1", string.Join(',', await PagingTests.SourcedIdsAsync(response, "classes")));
    }

    [Theory]
    [InlineData("sort=shoeSize")]
    [InlineData("sort=grades")]
    [InlineData("sort=roles.role")]
    [InlineData("sort=givenName&sort=familyName")]
    public async Task an_unknown_or_many_valued_sort_field_is_a_400_invalid_sort_field(string query)
    {
        using var response = await fixture.Client.GetAsync($"{Base}/users?{query}");

        await StatusInfoAssert.IsErrorAsync(response, HttpStatusCode.BadRequest, "invalid_sort_field");
    }

    [Fact]
    public async Task an_order_other_than_asc_or_desc_is_a_400_invaliddata()
    {
        using var response = await fixture.Client.GetAsync($"{Base}/users?sort=givenName&orderBy=sideways");

        await StatusInfoAssert.IsErrorAsync(response, HttpStatusCode.BadRequest, "invaliddata");
    }

    [Fact]
    public async Task fields_keep_only_the_named_properties_in_stored_order()
    {
        using var response = await fixture.Client.GetAsync(
            $"{Base}/users?fields=familyName,sourcedId&limit=1"
        );

        Assert.Equal("""{"users":[{"sourcedId":"u1","familyName":"O'Brien"}]}""", await BodyAsync(response));
    }

    [Fact]
    public async Task fields_apply_to_a_single_object_and_a_nested_collection()
    {
        using var single = await fixture.Client.GetAsync($"{Base}/classes/c1?fields=title");
        using var nested = await fixture.Client.GetAsync(
            $"{Base}/schools/school-b/students?fields=givenName"
        );

        Assert.Equal("""{"class":{"title":"C"}}""", await BodyAsync(single));
        Assert.Equal("""{"users":[{"givenName":"ann-marie"}]}""", await BodyAsync(nested));
    }

    [Theory]
    [InlineData("users?fields=shoeSize")]
    [InlineData("users?fields=givenName,,familyName")]
    [InlineData("users?fields=")]
    [InlineData("users/u1?fields=title")]
    public async Task an_unknown_or_blank_selection_field_is_a_400_invalid_selection_field(string path)
    {
        using var response = await fixture.Client.GetAsync($"{Base}/{path}");

        await StatusInfoAssert.IsErrorAsync(response, HttpStatusCode.BadRequest, "invalid_selection_field");
    }

    private static async Task<string> BodyAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }
}
