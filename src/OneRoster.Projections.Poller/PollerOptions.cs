using OneRoster.Projections.EdFi;

namespace OneRoster.Projections.Poller;

/// <summary>One Ed-Fi source the poller reads (configuration section <c>EdFi</c>).</summary>
public sealed class EdFiSourceOptions
{
    public const string Section = "EdFi";

    public string BaseUrl { get; set; } = "http://127.0.0.1:8081/";

    public string ClientKey { get; set; } = "sandbox";

    public string ClientSecret { get; set; } = "sandbox-secret";

    /// <summary>The tenant the source's data belongs to (Marten tenant id and message <c>Tenant</c>).</summary>
    public string Tenant { get; set; } = "default";

    /// <summary>Wait between polls when nothing changed or a window failed.</summary>
    public int PollIntervalSeconds { get; set; } = 5;

    public bool UseSnapshot { get; set; }

    /// <summary>
    /// How many change versions the next window re-reads below the checkpoint, for writes that took their
    /// version before the checkpoint but committed after it (pitfall P3). Duplicates are harmless downstream:
    /// the projector applies a re-read item idempotently and skips documents whose content did not change.
    /// </summary>
    /// <remarks>
    /// 1000 by default. One sequence numbers every write of the ODS, so the overlap has to cover the writes
    /// that can start while a slow transaction is still open: a section key change cascading over its
    /// enrolments, or a SIS bulk load at a few hundred writes a second, stays well inside it. The price is at
    /// most 1000 items read again per window (two pages of 500), which is small against any real window.
    /// The overlap works only once the source moves on: a late commit on an otherwise quiet source waits for
    /// the next write to be read, and one that commits after more than this many later writes is missed.
    /// </remarks>
    public long OverlapChangeVersions { get; set; } = DefaultOverlapChangeVersions;

    public const long DefaultOverlapChangeVersions = 1000;

    /// <summary>Time allowed for one Ed-Fi request, body included, before it counts as failed and is retried.</summary>
    public int RequestTimeoutSeconds { get; set; } = 100;

    /// <summary>Retries of a request after 5xx, 429, timeouts and network errors, before the window fails.</summary>
    public int MaxRetryAttempts { get; set; } = 5;

    public int PageSize { get; set; } = 500;

    /// <summary>The source's data standard version (e.g. <c>5.2.0</c>); null to read it from discovery.</summary>
    public string? DataStandard { get; set; }

    public TimeSpan PollInterval => TimeSpan.FromSeconds(Math.Max(1, PollIntervalSeconds));

    public EdFiClientOptions ToClientOptions() =>
        new()
        {
            BaseUrl = BaseUrl,
            ClientKey = ClientKey,
            ClientSecret = ClientSecret,
            PageSize = PageSize,
            UseSnapshot = UseSnapshot,
            AttemptTimeout = TimeSpan.FromSeconds(Math.Max(1, RequestTimeoutSeconds)),
            MaxRetryAttempts = MaxRetryAttempts,
            DataStandardVersion = DataStandard,
        };

    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Tenant))
        {
            throw new InvalidOperationException("EdFi:Tenant must not be empty.");
        }
        if (OverlapChangeVersions < 0)
        {
            throw new InvalidOperationException("EdFi:OverlapChangeVersions cannot be negative.");
        }
    }
}
