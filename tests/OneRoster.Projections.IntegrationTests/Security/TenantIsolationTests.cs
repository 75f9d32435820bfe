using System.Net;
using System.Text.Json.Nodes;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using OneRoster.Projections.IntegrationTests.Api;
using OneRoster.Projections.IntegrationTests.Infrastructure;
using OneRoster.Projections.Storage;
using Xunit;
using static OneRoster.Projections.IntegrationTests.Security.SecurityHttp;

namespace OneRoster.Projections.IntegrationTests.Security;

/// <summary>
/// Two tenants in one deployment, the default one on the plain routes and a second under /{tenant}/…,
/// loaded with different data under the same sourcedIds: each token reads its own tenant only, through
/// every endpoint and a filter that tries to reach everything.
/// </summary>
public sealed class TenantIsolationTests : IAsyncLifetime
{
    private readonly string second = TestServices.NewTenant("second");
    private ApiTestHost? host;
    private string firstToken = "";
    private string secondToken = "";

    public async Task InitializeAsync()
    {
        host = await ApiTestHost.StartAsync(RiversideDistrict.All, "--OneRoster:Tenants:0=" + second);
        await host.SeedTenantAsync(second, RiversideDistrict.All.Select(Renamed));
        firstToken = await TestAuth.TokenAsync(host.App, host.Tenant);
        secondToken = await TestAuth.TokenAsync(host.App, second);
    }

    public async Task DisposeAsync() => await host!.DisposeAsync();

    /// <summary>The same document in the second tenant, told apart by its names.</summary>
    private static OneRosterDocument Renamed(OneRosterDocument document)
    {
        var json = JsonNode.Parse(document.Json)!.AsObject();
        json["title"] = "SECOND";
        json["name"] = "SECOND";
        json["givenName"] = "SECOND";
        json["birthDate"] = "1999-09-09";
        json["role"] = json["role"]?.DeepClone();
        var copy = Api.Documents.WithJson(
            document.Class,
            document.SourcedId,
            document.Kind,
            json.ToJsonString()
        );
        copy.EducationOrganizationIds = document.EducationOrganizationIds;
        return copy;
    }

    [Fact]
    public async Task each_token_reads_its_own_tenant_through_every_endpoint_and_the_other_tenant_is_forbidden()
    {
        using var http = host!.Anonymous();
        foreach (var (path, _) in Endpoints.All)
        {
            var plain = "/ims/oneroster/rostering/v1p2/" + path;
            var prefixed = $"/{second}/ims/oneroster/rostering/v1p2/" + path;

            using var own = await GetAsync(http, plain, firstToken);
            using var ownSecond = await GetAsync(http, prefixed, secondToken);
            using var crossed = await GetAsync(http, prefixed, firstToken);
            using var crossedBack = await GetAsync(http, plain, secondToken);

            Assert.True(own.StatusCode == HttpStatusCode.OK, $"{plain}: {(int)own.StatusCode}");
            Assert.True(
                ownSecond.StatusCode == HttpStatusCode.OK,
                $"{prefixed}: {(int)ownSecond.StatusCode}"
            );
            Assert.DoesNotContain("SECOND", await own.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.DoesNotContain(
                "1999-09-09",
                await own.Content.ReadAsStringAsync(),
                StringComparison.Ordinal
            );
            var secondBody = await ownSecond.Content.ReadAsStringAsync();
            Assert.DoesNotContain("Org sch", secondBody, StringComparison.Ordinal);
            Assert.DoesNotContain("2010-01-02", secondBody, StringComparison.Ordinal);
            await StatusInfoAssert.IsErrorAsync(crossed, HttpStatusCode.Forbidden, "forbidden");
            await StatusInfoAssert.IsErrorAsync(crossedBack, HttpStatusCode.Forbidden, "forbidden");
        }
    }

    [Fact]
    public async Task a_filter_reaching_for_everything_stays_in_the_tokens_tenant()
    {
        using var http = host!.Anonymous();
        var filter = Uri.EscapeDataString("givenName='SECOND' OR givenName!='SECOND'");

        var ownBody = await (
            await GetAsync(http, $"/ims/oneroster/rostering/v1p2/users?filter={filter}", firstToken)
        ).Content.ReadAsStringAsync();
        var secondBody = await (
            await GetAsync(http, $"/{second}/ims/oneroster/rostering/v1p2/users?filter={filter}", secondToken)
        ).Content.ReadAsStringAsync();

        Assert.DoesNotContain("SECOND", ownBody, StringComparison.Ordinal);
        Assert.Contains("\"givenName\":\"Given\"", ownBody, StringComparison.Ordinal);
        Assert.DoesNotContain("\"givenName\":\"Given\"", secondBody, StringComparison.Ordinal);
        Assert.Contains("SECOND", secondBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task an_unknown_tenant_is_404_and_a_tenant_added_at_run_time_is_served_then_removed_with_its_data()
    {
        using var http = host!.Anonymous();
        var third = TestServices.NewTenant("third");
        var token = TestAuth.Mint(
            new Microsoft.IdentityModel.Tokens.SymmetricSecurityKey(await TokenSigningKey()),
            TestAuth.TenantClaims(third)
        );
        using var before = await GetAsync(http, $"/{third}/ims/oneroster/rostering/v1p2/orgs", token);
        await StatusInfoAssert.IsErrorAsync(before, HttpStatusCode.NotFound, "unknownobject");

        var store = host.App.Services.GetRequiredService<IDocumentStore>();
        var tenants = new Tenants(store);
        await tenants.AddAsync(
            new TenantDefinition
            {
                Id = third,
                BaseUrl = "http://127.0.0.1:1/",
                ClientKey = "k",
                ClientSecret = "s",
            },
            CancellationToken.None
        );
        await host.SeedTenantAsync(third, [RiversideDistrict.All[0]]);
        var served = await EventuallyAsync(
            http,
            $"/{third}/ims/oneroster/rostering/v1p2/orgs",
            token,
            HttpStatusCode.OK
        );
        Assert.Contains("sea-1", served, StringComparison.Ordinal);

        await tenants.RemoveAsync(third, CancellationToken.None);
        await EventuallyAsync(
            http,
            $"/{third}/ims/oneroster/rostering/v1p2/orgs",
            token,
            HttpStatusCode.NotFound
        );
        await using var session = store.QuerySession(third);
        Assert.Equal(0, await session.Query<OneRosterDocument>().CountAsync());
    }

    private Task<byte[]> TokenSigningKey() =>
        Storage.Security.TokenSigningKey.GetOrCreateAsync(
            host!.App.Services.GetRequiredService<IDocumentStore>(),
            CancellationToken.None
        );

    /// <summary>The directory re-reads stored tenants every few seconds; waits up to 15 s for the answer.</summary>
    private static async Task<string> EventuallyAsync(
        HttpClient http,
        string path,
        string token,
        HttpStatusCode status
    )
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            using var response = await GetAsync(http, path, token);
            if (response.StatusCode == status)
            {
                return await response.Content.ReadAsStringAsync();
            }

            Assert.True(DateTime.UtcNow < deadline, $"{path} still answers {(int)response.StatusCode}");
            await Task.Delay(250);
        }
    }
}
