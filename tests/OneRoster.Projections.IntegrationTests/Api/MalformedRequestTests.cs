using System.Net;
using Xunit;

namespace OneRoster.Projections.IntegrationTests.Api;

/// <summary>Requests no client should send still get an imsx_StatusInfo, never a 500 or a stack trace.</summary>
public sealed class MalformedRequestTests(HandWorkedRoster fixture) : IClassFixture<HandWorkedRoster>
{
    private const string Base = "/ims/oneroster/rostering/v1p2";

    [Theory]
    [InlineData("users?filter=givenName%3D%27%00%27")]
    [InlineData("users?sort=%00")]
    [InlineData("users?fields=%00")]
    public async Task a_nul_character_is_a_400_invaliddata(string path)
    {
        using var response = await fixture.Client.GetAsync($"{Base}/{path}");

        await StatusInfoAssert.IsErrorAsync(response, HttpStatusCode.BadRequest, "invaliddata");
    }

    // Kestrel refuses a NUL in the path before any middleware runs, with a bare 400: the one malformed
    // request that cannot get an imsx body from the application. A NUL in a sourcedId could never match.
    [Theory]
    [InlineData("users/u%001")]
    [InlineData("schools/school-a%00/classes")]
    public async Task a_nul_character_in_the_path_is_a_400_without_internals(string path)
    {
        using var response = await fixture.Client.GetAsync($"{Base}/{path}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain(
            "Exception",
            await response.Content.ReadAsStringAsync(),
            StringComparison.Ordinal
        );
    }

    [Fact]
    public async Task an_over_long_url_is_a_414_status_info()
    {
        var filter = Uri.EscapeDataString($"givenName='{new string('a', 9000)}'");
        using var response = await fixture.Client.GetAsync($"{Base}/users?filter={filter}");

        await StatusInfoAssert.IsErrorAsync(response, HttpStatusCode.RequestUriTooLong, "invaliddata");
    }

    [Fact]
    public async Task a_long_filter_within_the_limit_is_served()
    {
        var filter = Uri.EscapeDataString($"givenName='{new string('a', 4000)}'");
        using var response = await fixture.Client.GetAsync($"{Base}/users?filter={filter}");

        Assert.Empty(await PagingTests.SourcedIdsAsync(response, "users"));
    }
}
