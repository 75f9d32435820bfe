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
            outcome.Skipped,
            outcome.Quarantined,
            elapsedMs
        );
    }

    [LoggerMessage(
        EventId = 2002,
        Level = LogLevel.Debug,
        Message = "Applied {Resource} {Kind} page of tenant {Tenant} (window max {MaxChangeVersion}, offset {Offset}): "
            + "{Applied} applied, {Skipped} older than stored, {Quarantined} quarantined in {ElapsedMs:F0} ms"
    )]
    private partial void LogPage(
        string tenant,
        string resource,
        ChangeKind kind,
        long maxChangeVersion,
        int offset,
        int applied,
        int skipped,
        int quarantined,
        double elapsedMs
    );
}

/// <summary>
/// A completed window is the moment to recompute: the source store then holds every change up to the
/// window's end, never half a window. The recompute runs inside this consumer, so the next window's pages
/// (queued behind this message) are not applied while it reads the source store.
/// </summary>
public sealed class ChangeWindowCompletedConsumer(IDocumentStore store, ProjectionWriter writer)
    : IConsumer<EdFiChangeWindowCompletedV1>
{
    public async Task Consume(ConsumeContext<EdFiChangeWindowCompletedV1> context)
    {
        var completed = context.Message;
        await using (var session = store.LightweightSession(completed.Tenant))
        {
            var state = await session.LoadAsync<ProjectionState>(
                ProjectionState.DocumentId,
                context.CancellationToken
            ) ?? new ProjectionState { Tenant = completed.Tenant };
            state.LatestCompletedWindow = Math.Max(state.LatestCompletedWindow, completed.MaxChangeVersion);
            session.Store(state);
            await session.SaveChangesAsync(context.CancellationToken);
        }

        await writer.RecomputeAsync(completed.Tenant, context.CancellationToken);
    }
}
