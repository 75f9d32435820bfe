using Marten;
using Microsoft.Extensions.Options;
using Npgsql;
using OneRoster.Projections.Storage;

namespace OneRoster.Projections.Projector;

/// <summary>
/// At start-up and then every few seconds, recomputes the tenants whose source store changed after their
/// last recompute (the projector stopped in between), whose full pass was requested (a replay from the
/// CLI) or interrupted, and the tenants projected by another mapping version (a replay after a mapping
/// change). A tenant with a window in flight is left alone: that window's completion recomputes it.
/// </summary>
public sealed partial class RecomputeService(
    IDocumentStore store,
    NpgsqlDataSource dataSource,
    ProjectionWriter writer,
    DescriptorMappingDefaults defaults,
    IOptions<ProjectorOptions> options,
    ILogger<RecomputeService> logger
) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromSeconds(Math.Max(0.1, options.Value.RecomputeCheckSeconds));
        var migrated = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                migrated = migrated || await UpgradeDocumentTableAsync(stoppingToken);
                await CheckOnceAsync(stoppingToken);
                await Task.Delay(interval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The database is away: look again later.
                LogCheckFailed(ex);
                await Task.Delay(interval, stoppingToken)
                    .ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    /// <summary>
    /// Documents stored by an older version lack the references nested endpoints look up. A failed upgrade is
    /// tried again at the next check, and does not hold back the recomputes meanwhile.
    /// </summary>
    private async Task<bool> UpgradeDocumentTableAsync(CancellationToken stoppingToken)
    {
        try
        {
            if (await DocumentTableUpgrade.RunAsync(store, dataSource, stoppingToken) is { } changed)
            {
                LogDocumentTableUpgraded(changed);
            }

            return true;
        }
        catch (Exception ex)
            when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            LogDocumentTableUpgradeFailed(ex);
            return false;
        }
    }

    private async Task CheckOnceAsync(CancellationToken stoppingToken)
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

        var only = options.Value.Tenants;
        foreach (var state in states.Where(s => only.Count == 0 || only.Contains(s.Tenant)))
        {
            var stale =
                state.Pending
                || state.FullRecomputePending
                || state.MappingVersion != defaults.MappingVersion;
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
                await writer.RecomputeAsync(
                    state.Tenant,
                    stoppingToken,
                    unlessWindowInFlight: true,
                    unlessBusy: true
                );
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The source store is intact; the next check or completed window recomputes it again.
                LogRecomputeFailed(ex, state.Tenant);
            }
        }
    }

    [LoggerMessage(
        EventId = 2016,
        Level = LogLevel.Information,
        Message = "Document table upgraded: superseded indexes dropped, related ids of {Changed} stored documents filled in"
    )]
    private partial void LogDocumentTableUpgraded(long changed);

    [LoggerMessage(
        EventId = 2017,
        Level = LogLevel.Warning,
        Message = "Upgrading the document table failed; tried again at the next check"
    )]
    private partial void LogDocumentTableUpgradeFailed(Exception exception);

    [LoggerMessage(
        EventId = 2011,
        Level = LogLevel.Error,
        Message = "Recompute of tenant {Tenant} failed; the next check or completed window recomputes it"
    )]
    private partial void LogRecomputeFailed(Exception exception, string tenant);

    [LoggerMessage(
        EventId = 2014,
        Level = LogLevel.Warning,
        Message = "Looking for tenants to recompute failed"
    )]
    private partial void LogCheckFailed(Exception exception);

    [LoggerMessage(
        EventId = 2012,
        Level = LogLevel.Debug,
        Message = "Recomputing tenant {Tenant} (pending changes: {Pending}, mapping {StoredVersion} → {CurrentVersion})"
    )]
    private partial void LogResuming(
        string tenant,
        bool pending,
        string storedVersion,
        string currentVersion
    );
}
