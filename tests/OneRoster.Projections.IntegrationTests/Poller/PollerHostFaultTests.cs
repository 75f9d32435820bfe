using System.Text.Json.Nodes;
using Marten;
using Microsoft.Extensions.Hosting;
using OneRoster.Projections.EdFiSandbox;
using OneRoster.Projections.IntegrationTests.Infrastructure;
using OneRoster.Projections.IntegrationTests.Sandbox;
using OneRoster.Projections.Poller;
using Xunit;
using static OneRoster.Projections.IntegrationTests.Poller.PollerHostTests;

namespace OneRoster.Projections.IntegrationTests.Poller;

/// <summary>
/// The poller process as deployed (configuration, Marten, MassTransit on RabbitMQ) against a sandbox whose
/// faults are armed over HTTP, with no projector running, so the queue shows exactly what was published.
/// Pages hold 25 items, so <c>/students?offset=25</c> is a page in the middle of the window.
/// </summary>
public sealed class PollerHostFaultTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    private static IHost Poller(string postgres, string rabbitMq, string queue, string tenant, Uri sandbox) =>
        PollerHost.Build([
            $"--ConnectionStrings:Postgres={postgres}",
            $"--ConnectionStrings:RabbitMq={rabbitMq}",
            $"--Messaging:ProjectorQueue={queue}",
            $"--EdFi:BaseUrl={sandbox}",
            $"--EdFi:Tenant={tenant}",
            "--EdFi:PollIntervalSeconds=1",
            "--EdFi:PageSize=25",
        ]);

    /// <summary>
    /// The last window in the queue is whole: the completion comes last, and the pages it counts, just before
    /// it, carry every student the source holds.
    /// </summary>
    private static void AssertLastWindowWhole(
        List<QueuedMessage> messages,
        RunningSandbox sandbox,
        long newest
    )
    {
        var completion = Assert.Single(messages, m =>
            m.Type.EndsWith(":EdFiChangeWindowCompletedV1", StringComparison.Ordinal)
        );
        Assert.Same(completion, messages[^1]);
        Assert.Equal(newest, completion.Body.GetProperty("maxChangeVersion").GetInt64());
        var count = completion.Body.GetProperty("pages").GetInt32();
        var window = messages.Skip(messages.Count - 1 - count).Take(count).ToList();
        Assert.All(window, p => Assert.EndsWith(":EdFiChangePageV1", p.Type, StringComparison.Ordinal));
        var students = window
            .Where(p => p.Body.GetProperty("resource").GetString() == "students")
            .SelectMany(p => p.Body.GetProperty("items").EnumerateArray())
            // Each item travels as the raw JSON text the source sent.
            .Select(item => JsonNode.Parse(item.GetString()!)!["id"]!.GetValue<string>())
            .ToList();
        Assert.Equal(sandbox.Store.Count("students"), students.Distinct().Count());
        Assert.Equal(students.Count, students.Distinct().Count());
    }

    private static string Path(string path) => Uri.EscapeDataString(path);

    [Fact]
    public async Task the_poller_host_rides_out_expired_tokens_throttling_and_server_errors_and_queues_the_whole_window_once()
    {
        var postgres = await TestServices.PostgresAsync();
        var rabbitMq = await TestServices.RabbitMqAsync();
        var tenant = TestServices.NewTenant("host-faults");
        var queue = "test-" + tenant;
        await using var sandbox = await RunningSandbox.GeneratedAsync(students: 60);
        var newest = await sandbox.NewestChangeVersionAsync();
        await sandbox.ArmAsync("expire-tokens?path=" + Path("/students?offset=25"));
        await sandbox.ArmAsync("throttle?retryAfter=1&path=" + Path("/studentSchoolAssociations?offset=25"));
        await sandbox.ArmAsync("server-error?status=503&count=2&path=" + Path("/sections?offset=25"));

        using var poller = Poller(postgres, rabbitMq, queue, tenant, sandbox.BaseAddress);
        await poller.StartAsync();
        var store = (IDocumentStore)poller.Services.GetService(typeof(IDocumentStore))!;
        var checkpoint = await WaitForCheckpointAsync(store, tenant, newest, Patience);
        await poller.StopAsync();
        var messages = await DrainAsync(rabbitMq, queue, tenant);

        Assert.Equal(
            (1, 1, 2),
            (
                sandbox.Faults.Fired(FaultKind.ExpireTokens),
                sandbox.Faults.Fired(FaultKind.Throttle),
                sandbox.Faults.Fired(FaultKind.ServerError)
            )
        );
        AssertLastWindowWhole(messages, sandbox, newest);
        Assert.Equal(1, checkpoint.WindowsCompleted);
        Assert.Null(checkpoint.LastError);
    }

    [Fact]
    public async Task the_poller_host_keeps_its_checkpoint_while_a_page_is_malformed_and_moves_it_once_the_window_reads_whole()
    {
        var postgres = await TestServices.PostgresAsync();
        var rabbitMq = await TestServices.RabbitMqAsync();
        var tenant = TestServices.NewTenant("host-malformed");
        var queue = "test-" + tenant;
        await using var sandbox = await RunningSandbox.GeneratedAsync(students: 60);
        var newest = await sandbox.NewestChangeVersionAsync();
        await sandbox.ArmAsync("malformed-page?count=1000&path=" + Path("/students?offset=25"));

        using var poller = Poller(postgres, rabbitMq, queue, tenant, sandbox.BaseAddress);
        await poller.StartAsync();
        var store = (IDocumentStore)poller.Services.GetService(typeof(IDocumentStore))!;
        var failing = await WaitForCheckpointAsync(
            store,
            tenant,
            c => sandbox.Faults.Fired(FaultKind.MalformedPage) >= 2 && c.LastError is not null,
            "record the malformed page twice",
            Patience
        );

        Assert.Equal(-1, failing.LastChangeVersion);
        Assert.Equal(newest, failing.WindowInFlightMax);
        Assert.Contains("not JSON", failing.LastError, StringComparison.Ordinal);
        Assert.Equal(0, failing.WindowsCompleted);

        sandbox.Faults.Clear();
        var recovered = await WaitForCheckpointAsync(store, tenant, newest, Patience);
        await poller.StopAsync();
        var messages = await DrainAsync(rabbitMq, queue, tenant);

        AssertLastWindowWhole(messages, sandbox, newest);
        Assert.Equal(1, recovered.WindowsCompleted);
        Assert.Null(recovered.LastError);
    }
}
