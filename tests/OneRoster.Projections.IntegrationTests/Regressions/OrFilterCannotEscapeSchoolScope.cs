using OneRoster.Projections.IntegrationTests.Security;
using Xunit;
using static OneRoster.Projections.IntegrationTests.Security.SecurityHttp;

namespace OneRoster.Projections.IntegrationTests.Regressions;

/// <summary>mapping.md §6 row 22: <c>status='active' OR sourcedId!=''</c> with a school token shows no other school's rows.</summary>
public sealed class OrFilterCannotEscapeSchoolScope(EdFiTokenFixture fixture)
    : IClassFixture<EdFiTokenFixture>
{
    [Theory]
    [InlineData("enrollments", "enrollments", new[] { "enr-stu-100", "enr-tea-100" })]
    [InlineData("classes", "classes", new[] { "cls-100" })]
    [InlineData("orgs", "orgs", new[] { "sch-100" })]
    [InlineData("demographics", "demographics", new[] { "stu-100" })]
    public async Task the_or_filter_returns_only_the_schools_rows(string path, string key, string[] expected)
    {
        var token = fixture.EdFiToken(
            new()
            {
                ["tenantId"] = fixture.Host.Tenant,
                ["scope"] =
                    $"{Storage.Security.OneRosterScopes.Roster} {Storage.Security.OneRosterScopes.Demographics}",
                ["educationOrganizationId"] = 100L,
            }
        );
        using var http = fixture.Host.Anonymous();
        var filter = Uri.EscapeDataString("status='active' OR sourcedId!=''");

        var ids = await SourcedIdsAsync(
            http,
            $"/ims/oneroster/rostering/v1p2/{path}?filter={filter}",
            token,
            key
        );

        Assert.Equal(expected, ids);
    }
}
