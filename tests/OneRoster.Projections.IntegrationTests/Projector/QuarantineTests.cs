using System.Net.Http.Json;
using System.Text.Json;
using Marten;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OneRoster.Projections.Contracts;
using OneRoster.Projections.IntegrationTests.Infrastructure;
using OneRoster.Projections.Projector;
using OneRoster.Projections.Storage;
using Xunit;
using static OneRoster.Projections.IntegrationTests.Infrastructure.TestData;

namespace OneRoster.Projections.IntegrationTests.Projector;

/// <summary>Pages sent straight to the projector's queue on the real broker, as the poller sends them.</summary>
public sealed class QuarantineTests
{
    [Fact]
    public async Task unreadable_records_are_quarantined_and_the_rest_of_their_page_is_projected()
    {
        var postgres = await TestServices.PostgresAsync();
        var rabbitMq = await TestServices.RabbitMqAsync();
        var tenant = TestServices.NewTenant("quarantine");
        var queue = "test-" + tenant;
        using var projector = ProjectorHost.Build([
            $"--ConnectionStrings:Postgres={postgres}",
            $"--ConnectionStrings:RabbitMq={rabbitMq}",
            $"--Messaging:ProjectorQueue={queue}",
            $"--Projector:Tenants:0={tenant}",
        ]);
        await projector.StartAsync();

        var page = new EdFiChangePageV1
        {
            Tenant = tenant,
            Resource = "schools",
            Kind = ChangeKind.Upserts,
            MinChangeVersion = 0,
            MaxChangeVersion = 10,
            DataStandardVersion = "5.2.0",
            Offset = 0,
            Items =
            [
                """{"id":"aaaa","schoolId":1001,"nameOfInstitution":"Good School",""",
                """{"id":"bbbb","nameOfInstitution":"School Without Id"}""",
                """{"id":"cccc","schoolId":1002,"nameOfInstitution":"Readable School","localEducationAgencyReference":{"localEducationAgencyId":10}}""",
            ],
        };
        var bus = projector.Services.GetRequiredService<IBus>();
        var endpoint = await bus.GetSendEndpoint(ProjectorQueue.Address(queue));
        await endpoint.Send(page);
        await endpoint.Send(
            new EdFiChangeWindowCompletedV1
            {
                Tenant = tenant,
                MinChangeVersion = 0,
                MaxChangeVersion = 10,
                Pages = 1,
                Items = 3,
            }
        );

        var store = projector.Services.GetRequiredService<IDocumentStore>();
        var readable = OneRosterDocument.IdOf("orgs", Md5("1002"));
        OneRosterDocument? served = null;
        for (var i = 0; i < 120 && served is null; i++)
        {
            await Task.Delay(250);
            await using var query = store.QuerySession(tenant);
            served = await query.LoadAsync<OneRosterDocument>(readable);
        }
        await projector.StopAsync();

        Assert.NotNull(served);
        using var json = JsonDocument.Parse(served.Json);
        Assert.Equal("Readable School", json.RootElement.GetProperty("name").GetString());
        await using var session = store.QuerySession(tenant);
        var quarantined = await session.Query<QuarantineEntry>().ToListAsync();
        Assert.Equal(2, quarantined.Count);
        var withoutKey = Assert.Single(quarantined, q => q.Id == "schools|Upserts|bbbb");
        Assert.Contains("natural key", withoutKey.Reason);
        var broken = Assert.Single(quarantined, q => q.RawJson == page.Items[0]);
        Assert.Contains("not valid JSON", broken.Reason);
    }
}
