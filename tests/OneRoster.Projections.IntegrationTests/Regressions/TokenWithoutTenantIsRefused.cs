using System.Net;
using OneRoster.Projections.IntegrationTests.Api;
using OneRoster.Projections.IntegrationTests.Security;
using Xunit;
using static OneRoster.Projections.IntegrationTests.Security.SecurityHttp;

namespace OneRoster.Projections.IntegrationTests.Regressions;

/// <summary>mapping.md §6 row 24: a token with no <c>tenantId</c> claim is 401, never served the route's tenant.</summary>
public sealed class TokenWithoutTenantIsRefused(EdFiTokenFixture fixture) : IClassFixture<EdFiTokenFixture>
{
    [Theory]
    [InlineData("/ims/oneroster/rostering/v1p2/orgs")]
    [InlineData("/{tenant}/ims/oneroster/rostering/v1p2/orgs")]
    public async Task a_token_without_a_tenant_claim_is_401(string path)
    {
        var token = fixture.EdFiToken(
            new() { ["scope"] = Storage.Security.OneRosterScopes.Roster, ["educationOrganizationId"] = 100L }
        );
        using var http = fixture.Host.Anonymous();

        using var response = await GetAsync(
            http,
            path.Replace("{tenant}", fixture.Host.Tenant, StringComparison.Ordinal),
            token
        );

        await StatusInfoAssert.IsErrorAsync(response, HttpStatusCode.Unauthorized, "unauthorisedrequest");
    }
}
