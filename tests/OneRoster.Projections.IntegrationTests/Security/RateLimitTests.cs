using System.Net;
using OneRoster.Projections.IntegrationTests.Api;
using OneRoster.Projections.IntegrationTests.Infrastructure;
using Xunit;
using static OneRoster.Projections.IntegrationTests.Security.SecurityHttp;

namespace OneRoster.Projections.IntegrationTests.Security;

/// <summary>Rate limiting per client: over the limit, 429 server_busy with Retry-After; other clients go on.</summary>
public sealed class RateLimitTests
{
    [Fact]
    public async Task a_client_over_its_limit_gets_429_server_busy_while_another_client_is_still_served()
    {
        await using var host = await ApiTestHost.StartAsync(
            RiversideDistrict.All.Take(6),
            "--OneRoster:RateLimit:PermitLimit=3",
            "--OneRoster:RateLimit:WindowSeconds=60"
        );
        var busy = await TestAuth.TokenAsync(host.App, host.Tenant);
        var other = await TestAuth.TokenAsync(host.App, host.Tenant);
        using var http = host.Anonymous();

        for (var i = 0; i < 3; i++)
        {
            using var allowed = await GetAsync(http, "/ims/oneroster/rostering/v1p2/orgs", busy);
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        using var refused = await GetAsync(http, "/ims/oneroster/rostering/v1p2/orgs", busy);
        using var otherClient = await GetAsync(http, "/ims/oneroster/rostering/v1p2/orgs", other);

        await StatusInfoAssert.IsErrorAsync(refused, (HttpStatusCode)429, "server_busy");
        var retryAfter = refused.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value.TotalSeconds, 1, 60);
        Assert.Equal(HttpStatusCode.OK, otherClient.StatusCode);
    }
}
