using System.Net;
using System.Security.Cryptography;
using OneRoster.Projections.IntegrationTests.Api;
using OneRoster.Projections.Storage.Security;
using Xunit;
using static OneRoster.Projections.IntegrationTests.Security.SecurityHttp;

namespace OneRoster.Projections.IntegrationTests.Security;

/// <summary>
/// Tokens issued by the Ed-Fi ODS/API (mapping.md §4, Authentication): accepted when signed with its key
/// for its issuer and audience, read for <c>tenantId</c>, <c>scope</c> and <c>educationOrganizationId</c>.
/// </summary>
public sealed class EdFiTokenTests(EdFiTokenFixture fixture) : IClassFixture<EdFiTokenFixture>
{
    private HttpClient Http { get; } = fixture.Host.Anonymous();

    private Dictionary<string, object> Claims(object? educationOrganizationId, string? scope = null)
    {
        var claims = new Dictionary<string, object>
        {
            ["sub"] = "vendor-key",
            ["tenantId"] = fixture.Host.Tenant,
            ["scope"] = scope ?? $"{OneRosterScopes.Roster} {OneRosterScopes.Demographics}",
        };
        if (educationOrganizationId is not null)
        {
            claims["educationOrganizationId"] = educationOrganizationId;
        }

        return claims;
    }

    [Fact]
    public async Task an_ed_fi_token_for_a_school_reads_that_school_as_our_own_credential_would()
    {
        var token = fixture.EdFiToken(Claims(100L));

        var classes = await SourcedIdsAsync(Http, "/ims/oneroster/rostering/v1p2/classes", token, "classes");
        var users = await SourcedIdsAsync(Http, "/ims/oneroster/rostering/v1p2/users", token, "users");

        Assert.Equal(RiversideDistrict.School100["classes"], classes);
        Assert.Equal(RiversideDistrict.School100["users"], users);
    }

    [Fact]
    public async Task an_educationOrganizationId_array_reaches_every_organization_it_names()
    {
        var token = fixture.EdFiToken(Claims(new long[] { 101, 200 }));

        var classes = await SourcedIdsAsync(Http, "/ims/oneroster/rostering/v1p2/classes", token, "classes");

        Assert.Equal(["cls-101", "cls-200"], classes);
    }

    [Fact]
    public async Task an_ed_fi_token_without_an_educationOrganizationId_reads_nothing()
    {
        var token = fixture.EdFiToken(Claims(null));

        var orgs = await SourcedIdsAsync(Http, "/ims/oneroster/rostering/v1p2/orgs", token, "orgs");
        using var one = await GetAsync(Http, "/ims/oneroster/rostering/v1p2/orgs/sch-100", token);

        Assert.Empty(orgs);
        await StatusInfoAssert.IsErrorAsync(one, HttpStatusCode.NotFound, "unknownobject");
    }

    [Fact]
    public async Task a_token_signed_with_another_rsa_key_is_401()
    {
        using var other = RSA.Create(2048);
        var token = fixture.EdFiToken(Claims(100L), other);

        using var response = await GetAsync(Http, "/ims/oneroster/rostering/v1p2/orgs", token);

        await StatusInfoAssert.IsErrorAsync(response, HttpStatusCode.Unauthorized, "unauthorisedrequest");
    }
}
