using OneRoster.Projections.IntegrationTests.Security;
using Xunit;
using static OneRoster.Projections.IntegrationTests.Security.SecurityHttp;

namespace OneRoster.Projections.IntegrationTests.Regressions;

/// <summary>mapping.md §6 row 21: an LEA token reads its own school-year session (the LEA is in A, not only U).</summary>
public sealed class LeaTokenSeesItsSchoolYear(EdFiTokenFixture fixture) : IClassFixture<EdFiTokenFixture>
{
    [Fact]
    public async Task an_lea_token_reads_the_school_year_session_of_its_lea()
    {
        var token = fixture.EdFiToken(
            new()
            {
                ["tenantId"] = fixture.Host.Tenant,
                ["scope"] = Storage.Security.OneRosterScopes.RosterCore,
                ["educationOrganizationId"] = 10L,
            }
        );
        using var http = fixture.Host.Anonymous();

        var sessions = await SourcedIdsAsync(
            http,
            "/ims/oneroster/rostering/v1p2/academicSessions",
            token,
            "academicSessions"
        );

        Assert.Equal(["gp-100", "sy-lea-10", "term-100", "term-101"], sessions);
    }
}
