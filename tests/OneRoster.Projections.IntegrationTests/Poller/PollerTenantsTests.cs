using Marten;
using OneRoster.Projections.IntegrationTests.Infrastructure;
using OneRoster.Projections.IntegrationTests.Sandbox;
using OneRoster.Projections.Poller;
using OneRoster.Projections.Storage;
using Xunit;

namespace OneRoster.Projections.IntegrationTests.Poller;

/// <summary>
/// One poller process, many tenants: the configured ones (the <c>EdFi:Tenants</c> map) each get a loop and
/// are registered for the API; a tenant added to PostgreSQL while the poller runs gets a loop too; a tenant
/// removed while it runs is stopped and its data deleted.
/// </summary>
public sealed class PollerTenantsTests
{
    [Fact]
    public async Task configured_and_stored_tenants_each_get_a_loop_and_a_removed_one_stops_with_its_data_gone()
    {
        // A database of its own: every poller reconciles the tenants of its database, so a poller of
        // another test in the shared one would remove these configured tenants (and this one theirs).
        var postgres = await TestServices.FreshDatabaseAsync("poller_tenants");
        var rabbitMq = await TestServices.RabbitMqAsync();
        var first = TestServices.NewTenant("cfg-a");
        var second = TestServices.NewTenant("cfg-b");
        var added = TestServices.NewTenant("cli-c");
        await using var sandbox = await RunningSandbox.GeneratedAsync(students: 10);
        var newest = await sandbox.NewestChangeVersionAsync();

        using var poller = PollerHost.Build([
            $"--ConnectionStrings:Postgres={postgres}",
            $"--ConnectionStrings:RabbitMq={rabbitMq}",
            $"--Messaging:ProjectorQueue=test-{first}",
            $"--EdFi:Tenants:{first}:BaseUrl={sandbox.BaseAddress}",
            $"--EdFi:Tenants:{first}:PollIntervalSeconds=1",
            $"--EdFi:Tenants:{second}:BaseUrl={sandbox.BaseAddress}",
            $"--EdFi:Tenants:{second}:PollIntervalSeconds=1",
            "--EdFi:TenantRefreshSeconds=1",
        ]);
        await poller.StartAsync();
        var store = (IDocumentStore)poller.Services.GetService(typeof(IDocumentStore))!;
        var tenants = new Tenants(store);
        try
        {
            await PollerHostTests.WaitForCheckpointAsync(store, first, newest, TimeSpan.FromSeconds(60));
            await PollerHostTests.WaitForCheckpointAsync(store, second, newest, TimeSpan.FromSeconds(60));
            var registered = await tenants.ListAsync(CancellationToken.None);
            Assert.Contains(registered, t => t.Id == first && t.Origin == TenantDefinition.FromConfiguration);
            Assert.Contains(registered, t =>
                t.Id == second && t.Origin == TenantDefinition.FromConfiguration
            );

            await tenants.AddAsync(
                new TenantDefinition
                {
                    Id = added,
                    BaseUrl = sandbox.BaseAddress.ToString(),
                    ClientKey = "sandbox",
                    ClientSecret = "sandbox-secret",
                    PollIntervalSeconds = 1,
                },
                CancellationToken.None
            );
            await PollerHostTests.WaitForCheckpointAsync(store, added, newest, TimeSpan.FromSeconds(60));

            await tenants.RemoveAsync(added, CancellationToken.None);
            // Within a refresh the loop stops and deletes what it wrote after the removal (a loaded machine
            // may take several refreshes); then nothing comes back.
            async Task<SyncCheckpoint?> CheckpointAsync()
            {
                await using var session = store.QuerySession(added);
                return await session.LoadAsync<SyncCheckpoint>(SyncCheckpoint.DocumentId);
            }
            // The loop may write its checkpoint once more before its refresh stops it and deletes it again:
            // wait until it is gone and stays gone for three seconds.
            var waited = System.Diagnostics.Stopwatch.StartNew();
            while (waited.Elapsed < TimeSpan.FromSeconds(60))
            {
                if (await CheckpointAsync() is null)
                {
                    await Task.Delay(TimeSpan.FromSeconds(3));
                    if (await CheckpointAsync() is null)
                    {
                        break;
                    }
                }
                await Task.Delay(250);
            }
            Assert.Null(await CheckpointAsync());
        }
        finally
        {
            await poller.StopAsync();
            foreach (var tenant in new[] { first, second, added })
            {
                await tenants.RemoveAsync(tenant, CancellationToken.None);
            }
        }
    }
}
