using System.Net;
using OneRoster.Projections.IntegrationTests.Api;
using OneRoster.Projections.IntegrationTests.Infrastructure;
using OneRoster.Projections.Storage.Security;
using Xunit;
using static OneRoster.Projections.IntegrationTests.Security.SecurityHttp;

namespace OneRoster.Projections.IntegrationTests.Security;

/// <summary>
/// Scopes per endpoint (oneroster-api.md §6), on all 41 GETs: roster-core.readonly opens the core reads
/// only; roster.readonly opens the core and nested reads but not demographics; roster-demographics.readonly
/// opens the two demographics reads only. Anything else is 403 forbidden.
/// </summary>
public sealed class ScopeTests(RiversideFixture fixture) : IClassFixture<RiversideFixture>
{
    public static TheoryData<string, string[]> Rules =>
        new()
        {
            { OneRosterScopes.RosterCore, ["core"] },
            { OneRosterScopes.Roster, ["core", "roster"] },
            { OneRosterScopes.Demographics, ["demographics"] },
        };

    [Theory]
    [MemberData(nameof(Rules))]
    public async Task a_token_with_one_scope_opens_exactly_its_endpoints(string scope, string[] opens)
    {
        var token = await TestAuth.TokenAsync(fixture.Host.App, fixture.Host.Tenant, scopes: [scope]);
        Assert.Equal(41, Endpoints.All.Count);
        using var http = fixture.Host.Anonymous();
        foreach (var (path, rule) in Endpoints.All)
        {
            using var response = await GetAsync(http, "/ims/oneroster/rostering/v1p2/" + path, token);
            if (opens.Contains(rule))
            {
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode}");
            }
            else
            {
                await StatusInfoAssert.IsErrorAsync(response, HttpStatusCode.Forbidden, "forbidden");
                var challenge = response.Headers.WwwAuthenticate.ToString();
                Assert.Contains("error=\"insufficient_scope\"", challenge, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task a_token_with_core_and_demographics_reads_core_and_demographics_but_no_nested_endpoint()
    {
        var token = await TestAuth.TokenAsync(
            fixture.Host.App,
            fixture.Host.Tenant,
            scopes: [OneRosterScopes.RosterCore, OneRosterScopes.Demographics]
        );
        using var http = fixture.Host.Anonymous();
        foreach (var (path, rule) in Endpoints.All)
        {
            using var response = await GetAsync(http, "/ims/oneroster/rostering/v1p2/" + path, token);
            var expected = rule == "roster" ? HttpStatusCode.Forbidden : HttpStatusCode.OK;
            Assert.True(response.StatusCode == expected, $"{path}: {(int)response.StatusCode}");
        }
    }
}
