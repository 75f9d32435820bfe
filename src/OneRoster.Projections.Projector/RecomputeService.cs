using Marten;
using Microsoft.Extensions.Options;
using OneRoster.Projections.Storage;

namespace OneRoster.Projections.Projector;

/// <summary>
/// Runs recomputes as pages arrive. On start it also picks up tenants whose source store changed
/// without a completed recompute (the projector stopped in between) and tenants projected by another
/// mapping version (a replay after a mapping change).
/// </summary>
public sealed partial class RecomputeService(
    IDocumentStore store,
    RecomputeScheduler scheduler,
    ProjectionWriter writer,
    DescriptorMappingDefaults defaults,
    IOptions<ProjectorOptions> options,
    ILogger<RecomputeService> logger
) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await RequestUnfinishedAsync(stoppingToken);
        var quiet = TimeSpan.FromMilliseconds(options.Value.RecomputeDebounceMilliseconds);
        var maxDelay = TimeSpan.FromMilliseconds(options.Value.RecomputeMaxDelayMilliseconds);

        while (!stoppingToken.IsCancellationRequested)
        {
            await scheduler.WaitAsync(TimeSpan.FromMilliseconds(200), stoppingToken);
            foreach (var tenant in scheduler.TakeDue(quiet, maxDelay))
            {
                try
                {
                    await writer.RecomputeAsync(tenant, stoppingToken);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception ex)
                {
                    // The source store is intact; the next request (or restart) recomputes again.
                    LogRecomputeFailed(ex, tenant);
                    await Task.Delay(TimeSpan.FromSeconds(2), stoppingToken);
                    scheduler.Request(tenant);
                }
            }
        }
    }

    private async Task RequestUnfinishedAsync(CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession();
        var states = await session
            .Query<ProjectionState>()
            .Where(s => s.AnyTenant())
            .ToListAsync(cancellationToken);
        foreach (var state in states.Where(s => s.Pending || s.MappingVersion != defaults.MappingVersion))
        {
            LogResuming(
                state.Tenant,
                state.Pending,
                state.MappingVersion ?? "(none)",
                defaults.MappingVersion
            );
            scheduler.Request(state.Tenant, immediately: true);
        }
    }

    [LoggerMessage(
        EventId = 2011,
        Level = LogLevel.Error,
        Message = "Recompute of tenant {Tenant} failed; it will be retried"
    )]
    private partial void LogRecomputeFailed(Exception exception, string tenant);

    [LoggerMessage(
        EventId = 2012,
        Level = LogLevel.Information,
        Message = "Recomputing tenant {Tenant} at start-up (pending changes: {Pending}, mapping {StoredVersion} → {CurrentVersion})"
    )]
    private partial void LogResuming(
        string tenant,
        bool pending,
        string storedVersion,
        string currentVersion
    );
}
