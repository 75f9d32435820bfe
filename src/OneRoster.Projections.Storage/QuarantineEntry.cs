namespace OneRoster.Projections.Storage;

/// <summary>A record that could not be read or mapped, kept with the reason so nothing is lost silently.</summary>
public sealed class QuarantineEntry
{
    /// <summary><c>{resource}|{kind}|{edfi id or hash of the raw text}</c>.</summary>
    public string Id { get; set; } = "";

    public string Resource { get; set; } = "";

    public string Stage { get; set; } = "";

    public string Reason { get; set; } = "";

    public string RawJson { get; set; } = "";

    public long ChangeVersion { get; set; }

    public DateTimeOffset QuarantinedAt { get; set; }
}
