namespace OneRoster.Projections.EdFi;

/// <summary>How to reach one Ed-Fi ODS/API and how hard to try.</summary>
public sealed record EdFiClientOptions
{
    /// <summary>The API root whose <c>GET /</c> answers the discovery document, e.g. <c>https://host/api/</c>.</summary>
    public string BaseUrl { get; set; } = "http://127.0.0.1:8081/";

    public string ClientKey { get; set; } = "";

    public string ClientSecret { get; set; } = "";

    /// <summary>Items per page; Ed-Fi rejects more than 500 (its DefaultPageSizeLimit).</summary>
    public int PageSize { get; set; } = 500;

    /// <summary>The data standard version to assume (e.g. <c>5.2.0</c>); null to take the discovery document's.</summary>
    public string? DataStandardVersion { get; set; }

    /// <summary>
    /// Send <c>Use-Snapshot: true</c> on change-query GETs (ODS 7.x). When the source answers 404/410 for it,
    /// the client logs that and reads without a snapshot.
    /// </summary>
    public bool UseSnapshot { get; set; }

    /// <summary>Retries after the first attempt for transient failures (5xx, 408, 429, timeouts, network errors).</summary>
    public int MaxRetryAttempts { get; set; } = 5;

    /// <summary>First backoff delay; it doubles per attempt, with jitter, up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Upper bound on a server's <c>Retry-After</c>, so a bad header cannot park the poller for hours.</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Time allowed for one attempt, body included.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>A token is renewed this long before its <c>expires_in</c> runs out.</summary>
    public TimeSpan TokenRenewalMargin { get; set; } = TimeSpan.FromSeconds(60);

    internal void Validate()
    {
        if (!Uri.TryCreate(BaseUrl, UriKind.Absolute, out _))
        {
            throw new ArgumentException($"EdFi BaseUrl '{BaseUrl}' is not an absolute URL.");
        }
        if (PageSize is < 1 or > 500)
        {
            throw new ArgumentException($"EdFi PageSize must be between 1 and 500, not {PageSize}.");
        }
        if (MaxRetryAttempts < 0)
        {
            throw new ArgumentException("EdFi MaxRetryAttempts cannot be negative.");
        }
    }
}
