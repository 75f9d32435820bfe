using Marten;
using OneRoster.Projections.Storage;

namespace OneRoster.Projections.Projector;

/// <summary>
/// At start-up, recomputes the tenants whose source store changed after their last recompute (the
/// projector stopped in between) and the tenants projected by another mapping version (a replay after a
/// mapping change). A tenant with a window in flight is left alone: that window's completion recomputes it.
/// </summary>
public sealed partial class RecomputeService(
    IDocumentStore store,
    ProjectionWriter writer,
    DescriptorMappingDefaults defaults,
    ILogger<RecomputeService> logger
) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        List<ProjectionState> states;
        await using (var session = store.QuerySession())
        {
            states =
            [
                .. await session
                    .Query<ProjectionState>()
                    .Where(s => s.AnyTenant())
                    .ToListAsync(stoppingToken),
            ];
        }

        foreach (var state in states)
        {
            var stale = state.Pending || state.MappingVersion != defaults.MappingVersion;
            if (!stale || state.WindowInFlight)
            {
                continue;
            }
            LogResuming(
                state.Tenant,
                state.Pending,
                state.MappingVersion ?? "(none)",
                defaults.MappingVersion
            );
            try
            {
                await writer.RecomputeAsync(state.Tenant, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The source store is intact; the tenant's next completed window recomputes it again.
                LogRecomputeFailed(ex, state.Tenant);
            }
        }
    }

    [LoggerMessage(
        EventId = 2011,
        Level = LogLevel.Error,
        Message = "Start-up recompute of tenant {Tenant} failed; its next completed window recomputes it"
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
