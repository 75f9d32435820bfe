using System.Text.Json;
using Marten;
using Microsoft.Extensions.Hosting;
using OneRoster.Projections.IntegrationTests.Infrastructure;
using OneRoster.Projections.IntegrationTests.Sandbox;
using OneRoster.Projections.Poller;
using OneRoster.Projections.Storage;
using RabbitMQ.Client;
using Xunit;

namespace OneRoster.Projections.IntegrationTests.Poller;

/// <summary>
/// The poller process as deployed (PollerHost: configuration, Marten, MassTransit on RabbitMQ) against the
/// sandbox, with no projector running: every page must wait in the projector's durable queue, followed by
/// the window's completion, and the checkpoint must record the window.
/// </summary>
public sealed class PollerHostTests
{
    [Fact]
    public async Task the_poller_host_queues_every_page_and_then_the_window_completion_before_saving_the_checkpoint()
    {
        var postgres = await TestServices.PostgresAsync();
        var rabbitMq = await TestServices.RabbitMqAsync();
        var tenant = TestServices.NewTenant("poller-host");
        var queue = "test-" + tenant;
        await using var sandbox = await RunningSandbox.GeneratedAsync(students: 20);
        var newest = await sandbox.NewestChangeVersionAsync();

        using var poller = PollerHost.Build([
            $"--ConnectionStrings:Postgres={postgres}",
            $"--ConnectionStrings:RabbitMq={rabbitMq}",
            $"--Messaging:ProjectorQueue={queue}",
            $"--EdFi:BaseUrl={sandbox.BaseAddress}",
            $"--EdFi:Tenant={tenant}",
            "--EdFi:PollIntervalSeconds=1",
        ]);
        await poller.StartAsync();
        var store = (IDocumentStore)poller.Services.GetService(typeof(IDocumentStore))!;
        var checkpoint = await WaitForCheckpointAsync(store, tenant, newest, TimeSpan.FromSeconds(60));
        await poller.StopAsync();

        var messages = await DrainAsync(rabbitMq, queue, tenant);

        var pages = messages
            .Where(m => m.Type.EndsWith(":EdFiChangePageV1", StringComparison.Ordinal))
            .ToList();
        var completion = Assert.Single(messages, m =>
            m.Type.EndsWith(":EdFiChangeWindowCompletedV1", StringComparison.Ordinal)
        );
        Assert.Same(completion, messages[^1]);
        Assert.Equal(pages.Count, completion.Body.GetProperty("pages").GetInt32());
        var items = pages.Sum(p => p.Body.GetProperty("items").GetArrayLength());
        Assert.Equal(items, completion.Body.GetProperty("items").GetInt64());
        Assert.Equal(
            sandbox.Store.Count("students"),
            pages
                .Where(p => p.Body.GetProperty("resource").GetString() == "students")
                .Sum(p => p.Body.GetProperty("items").GetArrayLength())
        );
        Assert.All(pages, p => Assert.Equal(newest, p.Body.GetProperty("maxChangeVersion").GetInt64()));
        Assert.Equal(items, checkpoint.ItemsPublished);
    }

    internal static Task<SyncCheckpoint> WaitForCheckpointAsync(
        IDocumentStore store,
        string tenant,
        long version,
        TimeSpan timeout
    ) =>
        WaitForCheckpointAsync(
            store,
            tenant,
            c => c.LastChangeVersion == version,
            $"reach {version}",
            timeout
        );

    /// <summary>Reads the checkpoint until <paramref name="done"/> holds, or fails after <paramref name="timeout"/>.</summary>
    internal static async Task<SyncCheckpoint> WaitForCheckpointAsync(
        IDocumentStore store,
        string tenant,
        Func<SyncCheckpoint, bool> done,
        string what,
        TimeSpan timeout
    )
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            await using var session = store.QuerySession(tenant);
            var checkpoint = await session.LoadAsync<SyncCheckpoint>(SyncCheckpoint.DocumentId);
            if (checkpoint is not null && done(checkpoint))
            {
                return checkpoint;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException(
                    $"The checkpoint did not {what} (at {checkpoint?.LastChangeVersion}, error {checkpoint?.LastError})."
                );
            }
            await Task.Delay(250);
        }
    }

    internal sealed record QueuedMessage(string Type, JsonElement Body);

    /// <summary>Every message left in the queue, in queue order, then the queue and its exchange are removed.</summary>
    /// <summary>
    /// The queue's messages of <paramref name="tenant"/>. Pollers publish by message type, so a queue also
    /// receives what other tests' pollers publish meanwhile; only this test's tenant counts.
    /// </summary>
    internal static async Task<List<QueuedMessage>> DrainAsync(string rabbitMq, string queue, string tenant)
    {
        var factory = new ConnectionFactory { Uri = new Uri(rabbitMq) };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        var messages = new List<QueuedMessage>();
        while (await channel.BasicGetAsync(queue, autoAck: true) is { } delivery)
        {
            using var envelope = JsonDocument.Parse(delivery.Body);
            var type = envelope.RootElement.GetProperty("messageType")[0].GetString()!;
            var message = envelope.RootElement.GetProperty("message");
            if (message.GetProperty("tenant").GetString() == tenant)
            {
                messages.Add(new QueuedMessage(type, message.Clone()));
            }
        }
        await channel.QueueDeleteAsync(queue);
        await channel.ExchangeDeleteAsync(queue);
        return messages;
    }
}
