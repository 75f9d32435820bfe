using System.Net;
using OneRoster.Projections.IntegrationTests.Api;
using OneRoster.Projections.IntegrationTests.Security;
using Xunit;
using static OneRoster.Projections.IntegrationTests.Security.SecurityHttp;

namespace OneRoster.Projections.IntegrationTests.Regressions;

/// <summary>
/// mapping.md §6 row 23: a scope string that merely contains a scope URL grants nothing, and roster.readonly
/// does not open demographics: 403 in both cases.
/// </summary>
public sealed class ScopeMatchesWholeStringsOnly(EdFiTokenFixture fixture) : IClassFixture<EdFiTokenFixture>
{
    [Theory]
    [InlineData("https://purl.imsglobal.org/spec/or/v1p2/scope/roster.readonly.evil")]
    [InlineData("xhttps://purl.imsglobal.org/spec/or/v1p2/scope/roster-core.readonly")]
    [InlineData(
        "https://purl.imsglobal.org/spec/or/v1p2/scope/roster-core.readonly,https://purl.imsglobal.org/spec/or/v1p2/scope/roster.readonly"
    )]
    [InlineData("https://purl.imsglobal.org/spec/or/v1p2/scope/")]
    public async Task a_scope_that_contains_a_scope_url_is_forbidden(string scope)
    {
        var token = Token(scope);
        using var http = fixture.Host.Anonymous();

        using var response = await GetAsync(http, "/ims/oneroster/rostering/v1p2/users", token);

        await StatusInfoAssert.IsErrorAsync(response, HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task roster_readonly_does_not_open_demographics()
    {
        var token = Token(Storage.Security.OneRosterScopes.Roster);
        using var http = fixture.Host.Anonymous();

        using var all = await GetAsync(http, "/ims/oneroster/rostering/v1p2/demographics", token);
        using var one = await GetAsync(http, "/ims/oneroster/rostering/v1p2/demographics/stu-100", token);

        await StatusInfoAssert.IsErrorAsync(all, HttpStatusCode.Forbidden, "forbidden");
        await StatusInfoAssert.IsErrorAsync(one, HttpStatusCode.Forbidden, "forbidden");
    }

    private string Token(string scope) =>
        fixture.EdFiToken(
            new()
            {
                ["tenantId"] = fixture.Host.Tenant,
                ["scope"] = scope,
                ["educationOrganizationId"] = 100L,
            }
        );
}
