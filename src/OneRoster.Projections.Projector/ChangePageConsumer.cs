using System.Diagnostics;
using Marten;
using MassTransit;
using OneRoster.Projections.Contracts;
using OneRoster.Projections.Storage;

namespace OneRoster.Projections.Projector;

/// <summary>Applies each page of Ed-Fi changes to the source store.</summary>
public sealed partial class ChangePageConsumer(SourceStoreApplier applier, ILogger<ChangePageConsumer> logger)
    : IConsumer<EdFiChangePageV1>
{
    public async Task Consume(ConsumeContext<EdFiChangePageV1> context)
    {
        var page = context.Message;
        var started = Stopwatch.GetTimestamp();
        var outcome = await applier.ApplyAsync(page, context.CancellationToken);
        var elapsedMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        LogPage(
            page.Tenant,
            page.Resource,
            page.Kind,
            page.MaxChangeVersion,
            page.Offset,
            outcome.Applied,
            outcome.Unchanged,
            outcome.Skipped,
            outcome.Quarantined,
            elapsedMs
        );
    }

    [LoggerMessage(
        EventId = 2002,
        Level = LogLevel.Debug,
        Message = "Applied {Resource} {Kind} page of tenant {Tenant} (window max {MaxChangeVersion}, offset {Offset}): "
            + "{Applied} changed, {Unchanged} as stored, {Skipped} older than stored, {Quarantined} quarantined in {ElapsedMs:F0} ms"
    )]
    private partial void LogPage(
        string tenant,
        string resource,
        ChangeKind kind,
        long maxChangeVersion,
        int offset,
        int applied,
        int unchanged,
        int skipped,
        int quarantined,
        double elapsedMs
    );
}

/// <summary>
/// A completed window is the moment to recompute: the source store then holds every change up to the
/// window's end, never half a window. The recompute runs inside this consumer, so the next window's pages
/// (queued behind this message) are not applied while it reads the source store. After a full load, every
/// record the load did not list is retired: it is gone from the source even if no delete said so (a
/// restored ODS, deletes the source never reported).
/// </summary>
public sealed class ChangeWindowCompletedConsumer(
    IDocumentStore store,
    ProjectionWriter writer,
    TimeProvider clock
) : IConsumer<EdFiChangeWindowCompletedV1>
{
    public Task Consume(ConsumeContext<EdFiChangeWindowCompletedV1> context) =>
        CompleteAsync(context.Message, context.CancellationToken);

    /// <summary>
    /// Records the window as complete (after a full load, retiring every record it did not list) and
    /// recomputes the tenant.
    /// </summary>
    public async Task CompleteAsync(
        EdFiChangeWindowCompletedV1 completed,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(completed);
        await using (var session = store.LightweightSession(completed.Tenant))
        {
            var state = await session.LoadAsync<ProjectionState>(
                ProjectionState.DocumentId,
                cancellationToken
            ) ?? new ProjectionState { Tenant = completed.Tenant };
            var (retired, keys) = completed.FullLoad
                ? await RetireUnlistedAsync(session, completed, cancellationToken)
                : (0, []);
            if (retired > 0)
            {
                // Retired records are many and scattered: recompute everything. A pass already running has
                // gone past some of their partitions and ends by clearing the request, so their keys also
                // wait for the recompute that follows it.
                state.SourceChanges++;
                state.AddPendingKeys(keys);
                state.FullRecomputePending = true;
            }
            state.WindowCompleted(completed.Epoch, completed.MaxChangeVersion);
            session.Store(state);
            await session.SaveChangesAsync(cancellationToken);
        }

        await writer.RecomputeAsync(completed.Tenant, cancellationToken);
    }

    /// <returns>How many records were retired, and the keys they fed.</returns>
    private async Task<(int Count, List<string> Keys)> RetireUnlistedAsync(
        IDocumentSession session,
        EdFiChangeWindowCompletedV1 completed,
        CancellationToken cancellationToken
    )
    {
        var (epoch, version) = (completed.Epoch, completed.MaxChangeVersion);
        var unlisted = await session
            .Query<SourceRecord>()
            .Where(r => !r.Deleted && (r.Epoch < epoch || (r.Epoch == epoch && r.ChangeVersion < version)))
            .ToListAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var keys = new List<string>();
        foreach (var record in unlisted)
        {
            keys.AddRange(record.Keys);
            SourceStoreApplier.Tombstone(session, record, epoch, version, now);
        }
        return (unlisted.Count, keys);
    }
}
