using Microsoft.Extensions.Logging;

namespace OneRoster.Projections.Poller;

/// <summary>The poller's log lines: counts, versions and durations, never item contents (personal data).</summary>
internal static partial class PollerLog
{
    [LoggerMessage(
        EventId = 1001,
        Level = LogLevel.Information,
        Message = "Polling Ed-Fi source {BaseUrl} for tenant {Tenant} every {Interval}"
    )]
    public static partial void SourceStarting(
        ILogger logger,
        string baseUrl,
        string tenant,
        TimeSpan interval
    );

    [LoggerMessage(
        EventId = 1002,
        Level = LogLevel.Debug,
        Message = "Change window {WindowMin}..{WindowMax} starting over {Resources} resources (initial load: {InitialLoad})"
    )]
    public static partial void WindowStarting(
        ILogger logger,
        long windowMin,
        long windowMax,
        int resources,
        bool initialLoad
    );

    [LoggerMessage(
        EventId = 1003,
        Level = LogLevel.Information,
        Message = "Change window {WindowMin}..{WindowMax} completed: {Pages} pages, {Items} items in {Duration}"
    )]
    public static partial void WindowCompleted(
        ILogger logger,
        long windowMin,
        long windowMax,
        int pages,
        long items,
        TimeSpan duration
    );

    [LoggerMessage(
        EventId = 1004,
        Level = LogLevel.Error,
        Message = "Change window {WindowMin}..{WindowMax} failed; the checkpoint stays and the window is retried"
    )]
    public static partial void WindowFailed(
        ILogger logger,
        Exception exception,
        long windowMin,
        long windowMax
    );

    [LoggerMessage(
        EventId = 1005,
        Level = LogLevel.Error,
        Message = "Polling the Ed-Fi source failed before a window started; retrying after the interval"
    )]
    public static partial void PollFailed(ILogger logger, Exception exception);

    [LoggerMessage(
        EventId = 1006,
        Level = LogLevel.Warning,
        Message = "Ed-Fi newestChangeVersion {Newest} is below the checkpoint {Checkpoint}: the source's versions went back (a restored ODS?); reading all of it again under a new epoch"
    )]
    public static partial void SourceBehindCheckpoint(ILogger logger, long newest, long checkpoint);

    [LoggerMessage(
        EventId = 1007,
        Level = LogLevel.Warning,
        Message = "Could not record the last error in the checkpoint"
    )]
    public static partial void CheckpointErrorNotSaved(ILogger logger, Exception exception);

    [LoggerMessage(
        EventId = 1008,
        Level = LogLevel.Debug,
        Message = "No changes: newest {Newest}, checkpoint {Checkpoint}"
    )]
    public static partial void NoChanges(ILogger logger, long newest, long checkpoint);

    [LoggerMessage(
        EventId = 1009,
        Level = LogLevel.Warning,
        Message = "Change window {WindowMin}..{WindowMax} abandoned, its snapshot is gone ({Reason}); reading the window again at once"
    )]
    public static partial void WindowAbandoned(ILogger logger, long windowMin, long windowMax, string reason);

    [LoggerMessage(
        EventId = 1010,
        Level = LogLevel.Information,
        Message = "Stopped polling removed tenant {Tenant}"
    )]
    public static partial void TenantStopped(ILogger logger, string tenant);

    [LoggerMessage(
        EventId = 1011,
        Level = LogLevel.Information,
        Message = "Tenant {Tenant} left the configuration; its data is deleted"
    )]
    public static partial void TenantLeftConfiguration(ILogger logger, string tenant);

    [LoggerMessage(
        EventId = 1012,
        Level = LogLevel.Warning,
        Message = "Could not read the stored tenants; polling the configured ones"
    )]
    public static partial void StoredTenantsUnavailable(ILogger logger, Exception exception);
}
