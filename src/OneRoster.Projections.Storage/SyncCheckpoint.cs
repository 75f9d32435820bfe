namespace OneRoster.Projections.Storage;

/// <summary>How far the poller has read one Ed-Fi source. One per tenant.</summary>
public sealed class SyncCheckpoint
{
    /// <summary>Always <see cref="DocumentId"/>: the tenant column tells the sources apart.</summary>
    public string Id { get; set; } = DocumentId;

    /// <summary>Every change up to and including this version has been published; -1 before the first load.</summary>
    public long LastChangeVersion { get; set; } = -1;

    /// <summary>Incremented when the source's newest change version falls below the checkpoint.</summary>
    public long Epoch { get; set; }

    public long? WindowInFlightMin { get; set; }

    public long? WindowInFlightMax { get; set; }

    public long WindowsCompleted { get; set; }

    public long ItemsPublished { get; set; }

    public string? LastError { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public const string DocumentId = "checkpoint";
}
