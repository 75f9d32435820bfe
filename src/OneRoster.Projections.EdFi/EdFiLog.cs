using Microsoft.Extensions.Logging;
using OneRoster.Projections.Contracts;

namespace OneRoster.Projections.EdFi;

/// <summary>The client's log lines. URLs and statuses only: item contents are personal data and never logged.</summary>
internal static partial class EdFiLog
{
    [LoggerMessage(
        EventId = 2001,
        Level = LogLevel.Information,
        Message = "Ed-Fi source {BaseUrl}: API {ApiVersion}, data standard {DataStandardVersion}"
    )]
    public static partial void Discovered(
        ILogger logger,
        string baseUrl,
        string? apiVersion,
        string dataStandardVersion
    );

    [LoggerMessage(
        EventId = 2002,
        Level = LogLevel.Warning,
        Message = "Ed-Fi source {BaseUrl} names no Ed-Fi data model; assuming data standard {DataStandardVersion}"
    )]
    public static partial void DataStandardUnknown(
        ILogger logger,
        string baseUrl,
        string dataStandardVersion
    );

    [LoggerMessage(
        EventId = 2003,
        Level = LogLevel.Debug,
        Message = "Fetched an Ed-Fi access token valid for {ExpiresIn}"
    )]
    public static partial void TokenFetched(ILogger logger, TimeSpan expiresIn);

    [LoggerMessage(
        EventId = 2004,
        Level = LogLevel.Information,
        Message = "Ed-Fi refused the access token (401); renewing it and retrying {Method} {Path} once"
    )]
    public static partial void TokenRejected(ILogger logger, string method, string path);

    [LoggerMessage(
        EventId = 2005,
        Level = LogLevel.Warning,
        Message = "Ed-Fi request failed transiently ({Reason}); retry {Attempt} in {Delay}"
    )]
    public static partial void Retrying(ILogger logger, int attempt, string reason, TimeSpan delay);

    [LoggerMessage(
        EventId = 2006,
        Level = LogLevel.Warning,
        Message = "Skipping Ed-Fi resource {Resource} ({Kind}): the source answered {StatusCode}"
    )]
    public static partial void ResourceSkipped(
        ILogger logger,
        string resource,
        ChangeKind kind,
        int statusCode
    );

    [LoggerMessage(
        EventId = 2009,
        Level = LogLevel.Debug,
        Message = "Skipping Ed-Fi resource {Resource} ({Kind}) again: the source answered {StatusCode}"
    )]
    public static partial void ResourceSkippedAgain(
        ILogger logger,
        string resource,
        ChangeKind kind,
        int statusCode
    );

    [LoggerMessage(
        EventId = 2007,
        Level = LogLevel.Warning,
        Message = "Ed-Fi source has no snapshot (answered {StatusCode} to Use-Snapshot on {Path}); reading without snapshot isolation"
    )]
    public static partial void SnapshotUnavailable(ILogger logger, int statusCode, string path);

    [LoggerMessage(
        EventId = 2008,
        Level = LogLevel.Warning,
        Message = "Ed-Fi dependency document unavailable ({Reason}); using the catalog's resource order"
    )]
    public static partial void DependenciesUnavailable(ILogger logger, string reason);

    [LoggerMessage(
        EventId = 2010,
        Level = LogLevel.Warning,
        Message = "Ed-Fi snapshot disappeared mid-window ({StatusCode} under Use-Snapshot on {Path}); the window is abandoned"
    )]
    public static partial void SnapshotLost(ILogger logger, int statusCode, string path);

    [LoggerMessage(
        EventId = 2011,
        Level = LogLevel.Warning,
        Message = "Ed-Fi page of {Resource} ({Kind}) at offset {Offset} is unreadable, so the window fails: {Reason}"
    )]
    public static partial void PageUnreadable(
        ILogger logger,
        string resource,
        ChangeKind kind,
        int offset,
        string reason
    );

    [LoggerMessage(
        EventId = 2012,
        Level = LogLevel.Warning,
        Message = "Ed-Fi {Resource} deletes are not in changeVersion order; reading them backwards by offset instead"
    )]
    public static partial void DeletesNotInVersionOrder(ILogger logger, string resource);
}
