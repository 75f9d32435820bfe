using System.Diagnostics;
using MassTransit;
using OneRoster.Projections.Contracts;

namespace OneRoster.Projections.Projector;

/// <summary>Applies each page of Ed-Fi changes to the source store, then asks for a recompute.</summary>
public sealed partial class ChangePageConsumer(
    SourceStoreApplier applier,
    RecomputeScheduler scheduler,
    ILogger<ChangePageConsumer> logger
) : IConsumer<EdFiChangePageV1>
{
    public async Task Consume(ConsumeContext<EdFiChangePageV1> context)
    {
        var page = context.Message;
        var started = Stopwatch.GetTimestamp();
        var outcome = await applier.ApplyAsync(page, context.CancellationToken);
        if (outcome.Applied > 0)
        {
            scheduler.Request(page.Tenant);
        }
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

/// <summary>A completed window is a good moment to recompute without waiting for the debounce.</summary>
public sealed class ChangeWindowCompletedConsumer(RecomputeScheduler scheduler)
    : IConsumer<EdFiChangeWindowCompletedV1>
{
    public Task Consume(ConsumeContext<EdFiChangeWindowCompletedV1> context)
    {
        scheduler.Request(context.Message.Tenant, immediately: true);
        return Task.CompletedTask;
    }
}
