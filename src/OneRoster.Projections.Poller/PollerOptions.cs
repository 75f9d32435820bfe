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
    /// version before the checkpoint but committed after it (pitfall P3). Duplicates are harmless downstream.
    /// </summary>
    public long OverlapChangeVersions { get; set; }

    public int PageSize { get; set; } = 500;

    public TimeSpan PollInterval => TimeSpan.FromSeconds(Math.Max(1, PollIntervalSeconds));

    public EdFiClientOptions ToClientOptions() =>
        new()
        {
            BaseUrl = BaseUrl,
            ClientKey = ClientKey,
            ClientSecret = ClientSecret,
            PageSize = PageSize,
            UseSnapshot = UseSnapshot,
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
