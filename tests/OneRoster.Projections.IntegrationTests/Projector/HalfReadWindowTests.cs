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

/// <summary>
/// A projector that stops in the middle of a window must not publish documents computed from half of it
/// when it starts again: they would show transient rows and false deletions to delta clients.
/// </summary>
public sealed class HalfReadWindowTests
{
    [Fact]
    public async Task a_restarted_projector_waits_for_the_window_to_complete_before_recomputing()
    {
        var postgres = await TestServices.PostgresAsync();
        var rabbitMq = await TestServices.RabbitMqAsync();
        var tenant = TestServices.NewTenant("halfwindow");
        string[] args =
        [
            $"--ConnectionStrings:Postgres={postgres}",
            $"--ConnectionStrings:RabbitMq={rabbitMq}",
            $"--Messaging:ProjectorQueue=test-{tenant}",
            $"--Projector:Tenants:0={tenant}",
        ];

        using (var first = ProjectorHost.Build(args))
        {
            await first.StartAsync();
            await SendAsync(
                first,
                Page(tenant, """{"id":"s1","schoolId":1001,"nameOfInstitution":"First"}""")
            );
            await WaitForSourceChangesAsync(first, tenant, 1);
            await first.StopAsync();
        }

        using var second = ProjectorHost.Build(args);
        await second.StartAsync();
        await Task.Delay(TimeSpan.FromSeconds(3));
        var store = second.Services.GetRequiredService<IDocumentStore>();
        Assert.Equal(0, await CountDocumentsAsync(store, tenant));

        await SendAsync(
            second,
            new EdFiChangeWindowCompletedV1
            {
                Tenant = tenant,
                MinChangeVersion = 0,
                MaxChangeVersion = 10,
                Pages = 1,
                Items = 1,
            }
        );
        for (var i = 0; i < 120 && await CountDocumentsAsync(store, tenant) == 0; i++)
        {
            await Task.Delay(250);
        }
        await second.StopAsync();

        await using var session = store.QuerySession(tenant);
        var school = await session.LoadAsync<OneRosterDocument>(OneRosterDocument.IdOf("orgs", Md5("1001")));
        Assert.NotNull(school);
    }

    private static EdFiChangePageV1 Page(string tenant, string item) =>
        new()
        {
            Tenant = tenant,
            Resource = "schools",
            Kind = ChangeKind.Upserts,
            MinChangeVersion = 0,
            MaxChangeVersion = 10,
            DataStandardVersion = "5.2.0",
            Offset = 0,
            Items = [item],
        };

    private static async Task SendAsync<T>(IHost host, T message)
        where T : class
    {
        var bus = host.Services.GetRequiredService<IBus>();
        var queue = host.Services.GetRequiredService<Microsoft.Extensions.Configuration.IConfiguration>()[
            ProjectorQueue.ConfigurationKey
        ]!;
        var endpoint = await bus.GetSendEndpoint(ProjectorQueue.Address(queue));
        await endpoint.Send(message);
    }

    private static async Task WaitForSourceChangesAsync(IHost host, string tenant, long count)
    {
        var store = host.Services.GetRequiredService<IDocumentStore>();
        for (var i = 0; i < 120; i++)
        {
            await using var session = store.QuerySession(tenant);
            var state = await session.LoadAsync<ProjectionState>(ProjectionState.DocumentId);
            if (state?.SourceChanges >= count)
            {
                return;
            }
            await Task.Delay(250);
        }
        throw new TimeoutException("The page was never applied.");
    }

    private static async Task<int> CountDocumentsAsync(IDocumentStore store, string tenant)
    {
        await using var session = store.QuerySession(tenant);
        return await session.Query<OneRosterDocument>().CountAsync();
    }
}
