using System.Diagnostics;
using Microsoft.Extensions.Logging;
using OneRoster.Projections.Contracts;
using OneRoster.Projections.EdFi;
using OneRoster.Projections.Storage;

namespace OneRoster.Projections.Poller;

/// <summary>The result of one poll.</summary>
public enum PollOutcome
{
    NoChanges,
    WindowCompleted,
    Failed,
}

/// <summary>
/// The sync loop of one Ed-Fi source (§12): read the checkpoint, read <c>newestChangeVersion</c>, and when the
/// source moved on, publish the window <c>checkpoint+1 − overlap .. newest</c> (everything up to newest on the
/// first run). The checkpoint advances only after every page of the window was confirmed by the broker;
/// any failure leaves it where it was, so the window is read again (at least once, never less).
/// </summary>
public sealed class SyncLoop(
    EdFiSourceOptions source,
    EdFiApiClient client,
    ICheckpointStore checkpoints,
    IChangePublisher publisher,
    ILogger<SyncLoop> logger,
    TimeProvider time
)
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["Tenant"] = source.Tenant });
        PollerLog.SourceStarting(logger, source.BaseUrl, source.Tenant, source.PollInterval);
        while (!cancellationToken.IsCancellationRequested)
        {
            PollOutcome outcome;
            var started = time.GetTimestamp();
            try
            {
                outcome = await PollOnceAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }

            // Polls start at most once per interval. A window that took longer (a first load, a catch-up)
            // is followed at once, since the source moved on meanwhile; short ones are not chained back to
            // back: each window re-reads the overlap, so a busy source polled without pause would send the
            // same thousand items many times a second and bury the projector in re-reads.
            var wait =
                outcome == PollOutcome.WindowCompleted
                    ? source.PollInterval - time.GetElapsedTime(started)
                    : source.PollInterval;
            if (wait > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(wait, time, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>
    /// One poll: at most one window, or two when the snapshot disappears mid-window: the pages read so far
    /// came from a state that is gone, so the window is abandoned and read again at once, from whatever
    /// availableChangeVersions now offers (a new snapshot, or live data up to a new newest). Failures are
    /// logged and recorded, not thrown (except cancellation).
    /// </summary>
    public async Task<PollOutcome> PollOnceAsync(CancellationToken cancellationToken)
    {
        var (outcome, snapshotLost) = await PollWindowAsync(cancellationToken);
        if (snapshotLost)
        {
            (outcome, _) = await PollWindowAsync(cancellationToken);
        }
        return outcome;
    }

    private async Task<(PollOutcome Outcome, bool SnapshotLost)> PollWindowAsync(
        CancellationToken cancellationToken
    )
    {
        SyncCheckpoint checkpoint;
        EdFiDiscovery discovery;
        long newest;
        try
        {
            checkpoint = await checkpoints.LoadAsync(source.Tenant, cancellationToken);
            discovery = await client.DiscoverAsync(cancellationToken: cancellationToken);
            newest = (await client.GetAvailableChangeVersionsAsync(cancellationToken)).NewestChangeVersion;
        }
        catch (Exception ex)
            when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            PollerLog.PollFailed(logger, ex);
            await RecordErrorAsync(ex, cancellationToken);
            return (PollOutcome.Failed, false);
        }

        if (newest < checkpoint.LastChangeVersion)
        {
            // The source's versions went back (restored ODS, restarted sandbox): what it now holds can only be
            // learnt by reading all of it again, under a new epoch so the projector takes it as newer.
            PollerLog.SourceBehindCheckpoint(logger, newest, checkpoint.LastChangeVersion);
            checkpoint.Epoch++;
            checkpoint.LastChangeVersion = -1;
        }
        else if (newest == checkpoint.LastChangeVersion)
        {
            PollerLog.NoChanges(logger, newest, checkpoint.LastChangeVersion);
            return (PollOutcome.NoChanges, false);
        }

        var initialLoad = checkpoint.LastChangeVersion < 0;
        var window = new EdFiChangeWindow(
            initialLoad ? 0 : Math.Max(0, checkpoint.LastChangeVersion + 1 - source.OverlapChangeVersions),
            newest
        );
        using var scope = logger.BeginScope(
            new Dictionary<string, object>
            {
                ["WindowMin"] = window.MinChangeVersion,
                ["WindowMax"] = window.MaxChangeVersion,
            }
        );
        var started = time.GetTimestamp();
        try
        {
            checkpoint.WindowInFlightMin = window.MinChangeVersion;
            checkpoint.WindowInFlightMax = window.MaxChangeVersion;
            checkpoint.UpdatedAt = time.GetUtcNow();
            await checkpoints.SaveAsync(source.Tenant, checkpoint, cancellationToken);

            var catalog = EdFiResourceCatalog.For(discovery.DataStandardMajor);
            var resources = EdFiResourceOrder.Arrange(
                catalog,
                await client.GetDependencyOrderAsync(cancellationToken)
            );
            PollerLog.WindowStarting(
                logger,
                window.MinChangeVersion,
                window.MaxChangeVersion,
                resources.Count,
                initialLoad
            );

            var result = await new ChangeWindowRunner(client, publisher).RunAsync(
                source.Tenant,
                discovery.DataStandardVersion,
                checkpoint.Epoch,
                resources,
                window,
                initialLoad,
                cancellationToken
            );

            await publisher.PublishWindowCompletedAsync(
                new EdFiChangeWindowCompletedV1
                {
                    Tenant = source.Tenant,
                    MinChangeVersion = window.MinChangeVersion,
                    MaxChangeVersion = window.MaxChangeVersion,
                    Epoch = checkpoint.Epoch,
                    FullLoad = initialLoad,
                    Pages = result.Pages,
                    Items = result.Items,
                },
                cancellationToken
            );

            checkpoint.LastChangeVersion = newest;
            checkpoint.WindowInFlightMin = null;
            checkpoint.WindowInFlightMax = null;
            checkpoint.WindowsCompleted++;
            checkpoint.ItemsPublished += result.Items;
            checkpoint.LastError = null;
            checkpoint.UpdatedAt = time.GetUtcNow();
            await checkpoints.SaveAsync(source.Tenant, checkpoint, cancellationToken);

            var duration = time.GetElapsedTime(started);
            PollerLog.WindowCompleted(
                logger,
                window.MinChangeVersion,
                window.MaxChangeVersion,
                result.Pages,
                result.Items,
                duration
            );
            return (PollOutcome.WindowCompleted, false);
        }
        catch (EdFiSnapshotLostException ex)
        {
            // Nothing to record: the checkpoint never moved, and the window is read again at once.
            PollerLog.WindowAbandoned(logger, window.MinChangeVersion, window.MaxChangeVersion, ex.Message);
            return (PollOutcome.Failed, true);
        }
        catch (Exception ex)
            when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            PollerLog.WindowFailed(logger, ex, window.MinChangeVersion, window.MaxChangeVersion);
            await RecordErrorAsync(ex, cancellationToken);
            return (PollOutcome.Failed, false);
        }
    }

    // Reloaded so a half-updated in-memory copy can never move LastChangeVersion.
    private async Task RecordErrorAsync(Exception error, CancellationToken cancellationToken)
    {
        try
        {
            var checkpoint = await checkpoints.LoadAsync(source.Tenant, cancellationToken);
            checkpoint.LastError = $"{error.GetType().Name}: {error.Message}";
            checkpoint.UpdatedAt = time.GetUtcNow();
            await checkpoints.SaveAsync(source.Tenant, checkpoint, cancellationToken);
        }
        catch (Exception ex)
            when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            PollerLog.CheckpointErrorNotSaved(logger, ex);
        }
    }
}
