using Marten;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OneRoster.Projections.EdFi;
using OneRoster.Projections.Storage;

namespace OneRoster.Projections.Poller;

/// <summary>The tenants of the poller's configuration: <c>EdFi:Tenants:{name}:BaseUrl</c> and so on.</summary>
public sealed class PollerTenantsOptions
{
    public Dictionary<string, EdFiSourceOptions> Tenants { get; set; } = [];

    /// <summary>How often configuration and the stored tenants are compared with the loops running.</summary>
    public int TenantRefreshSeconds { get; set; } = 10;
}

/// <summary>
/// Runs one <see cref="SyncLoop"/> per tenant, each with its own client (and so its own token and snapshot
/// state), and keeps the set of loops in step with the tenants while it runs: those of the configuration
/// (<c>EdFi:Tenants</c>, or the single <c>EdFi</c> section when that map is empty) and those added with the
/// CLI. A tenant that appears gets a loop within <see cref="PollerTenantsOptions.TenantRefreshSeconds"/>; one
/// whose settings change is restarted; one that disappears is stopped and its data deleted.
/// </summary>
/// <remarks>
/// Tenants of the <c>EdFi:Tenants</c> map are registered in PostgreSQL so the API serves them, and removed
/// with their data when they leave the map: one poller process should own that map. Pages a stopped
/// loop had already published may still reach the projector and leave a few rows behind; a second
/// <c>tenants remove</c> after the loop stopped deletes them.
/// </remarks>
public sealed class PollerWorker(
    IOptionsMonitor<EdFiSourceOptions> singleSource,
    IOptionsMonitor<PollerTenantsOptions> tenantsOptions,
    IDocumentStore store,
    IHttpClientFactory httpClients,
    ICheckpointStore checkpoints,
    IChangePublisher publisher,
    ILoggerFactory loggers,
    TimeProvider time
) : BackgroundService
{
    public const string HttpClientName = "EdFi";

    private readonly ILogger logger = loggers.CreateLogger<PollerWorker>();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var running = new Dictionary<string, RunningSource>(StringComparer.Ordinal);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var wanted = await WantedSourcesAsync(stoppingToken);
                foreach (var (tenant, run) in running.ToList())
                {
                    if (wanted.TryGetValue(tenant, out var source) && Same(source, run.Source))
                    {
                        continue;
                    }

                    await run.StopAsync();
                    running.Remove(tenant);
                    if (!wanted.ContainsKey(tenant))
                    {
                        // Whatever the loop wrote before it stopped goes too.
                        await store.Advanced.DeleteAllTenantDataAsync(tenant, stoppingToken);
                        PollerLog.TenantStopped(logger, tenant);
                    }
                }

                foreach (var (tenant, source) in wanted)
                {
                    if (!running.ContainsKey(tenant))
                    {
                        running[tenant] = Start(source, stoppingToken);
                    }
                }

                var refresh = TimeSpan.FromSeconds(
                    Math.Max(1, tenantsOptions.CurrentValue.TenantRefreshSeconds)
                );
                await Task.Delay(refresh, time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { }
        finally
        {
            foreach (var run in running.Values)
            {
                await run.StopAsync();
            }
        }
    }

    /// <summary>The configuration's sources (registering the map's tenants) and the stored ones.</summary>
    private async Task<Dictionary<string, EdFiSourceOptions>> WantedSourcesAsync(
        CancellationToken cancellationToken
    )
    {
        var wanted = new Dictionary<string, EdFiSourceOptions>(StringComparer.Ordinal);
        var configured = tenantsOptions.CurrentValue.Tenants;
        if (configured.Count == 0)
        {
            var single = singleSource.CurrentValue;
            single.Validate();
            wanted[single.Tenant] = single;
        }

        var registry = new Tenants(store);
        try
        {
            var stored = await registry.ListAsync(cancellationToken);
            foreach (var (name, source) in configured)
            {
                source.Tenant = name;
                source.Validate();
                wanted[name] = source;
                if (!stored.Any(t => t.Id == name))
                {
                    await registry.AddAsync(
                        new TenantDefinition
                        {
                            Id = name,
                            BaseUrl = source.BaseUrl,
                            ClientKey = source.ClientKey,
                            DataStandard = source.DataStandard,
                            PollIntervalSeconds = source.PollIntervalSeconds,
                            AddedAt = time.GetUtcNow(),
                            // The secret stays in configuration; the row tells the API the tenant exists.
                            Origin = TenantDefinition.FromConfiguration,
                        },
                        cancellationToken
                    );
                }
            }

            foreach (var tenant in stored)
            {
                if (tenant.Origin == TenantDefinition.FromConfiguration)
                {
                    if (!configured.ContainsKey(tenant.Id))
                    {
                        await registry.RemoveAsync(tenant.Id, cancellationToken);
                        PollerLog.TenantLeftConfiguration(logger, tenant.Id);
                    }
                }
                else if (!wanted.ContainsKey(tenant.Id))
                {
                    wanted[tenant.Id] = new EdFiSourceOptions
                    {
                        Tenant = tenant.Id,
                        BaseUrl = tenant.BaseUrl,
                        ClientKey = tenant.ClientKey,
                        ClientSecret = tenant.ClientSecret,
                        DataStandard = tenant.DataStandard,
                        PollIntervalSeconds = tenant.PollIntervalSeconds,
                    };
                }
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The configured sources still run while PostgreSQL is away; stored ones wait for it.
            PollerLog.StoredTenantsUnavailable(logger, exception);
        }

        return wanted;
    }

    private RunningSource Start(EdFiSourceOptions source, CancellationToken stoppingToken)
    {
        var client = new EdFiApiClient(
            httpClients.CreateClient(HttpClientName),
            source.ToClientOptions(),
            loggers.CreateLogger<EdFiApiClient>()
        );
        var stop = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var loop = new SyncLoop(
            source,
            client,
            checkpoints,
            publisher,
            loggers.CreateLogger<SyncLoop>(),
            time
        );
        return new RunningSource(source, client, stop, loop.RunAsync(stop.Token));
    }

    private static bool Same(EdFiSourceOptions a, EdFiSourceOptions b) =>
        a.ToClientOptions() == b.ToClientOptions()
        && a.PollIntervalSeconds == b.PollIntervalSeconds
        && a.OverlapChangeVersions == b.OverlapChangeVersions;

    private sealed record RunningSource(
        EdFiSourceOptions Source,
        EdFiApiClient Client,
        CancellationTokenSource Stop,
        Task Loop
    )
    {
        public async Task StopAsync()
        {
            await Stop.CancelAsync();
            try
            {
                await Loop;
            }
            catch (OperationCanceledException) { }
            finally
            {
                Client.Dispose();
                Stop.Dispose();
            }
        }
    }
}
