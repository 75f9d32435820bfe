namespace OneRoster.Projections.Projector;

/// <summary>Settings of the projector (configuration section <c>Projector</c>).</summary>
public sealed class ProjectorOptions
{
    /// <summary>Absolute base of the rostering API; GUIDRef hrefs point under it (mapping.md D3).</summary>
    public string HrefBase { get; set; } = "http://127.0.0.1:8080/ims/oneroster/rostering/v1p2";

    /// <summary>Folder holding <c>descriptor-mappings/</c>; found by walking up from the app when empty.</summary>
    public string? ProjectionsFolder { get; set; }

    /// <summary>How long a <c>tobedeleted</c> document is served before it is purged.</summary>
    public int TombstoneRetentionDays { get; set; } = 30;

    /// <summary>
    /// Quiet time after the last applied page before the documents are recomputed even though no
    /// "window completed" message came. Normally the completion message triggers the recompute at once,
    /// so documents are never computed from a half-read window (which would publish transient documents
    /// and tombstones); this is the fallback when the window's completion never arrives.
    /// </summary>
    public int RecomputeDebounceMilliseconds { get; set; } = 30_000;

    /// <summary>Longest a steady stream of pages without a completed window may delay a recompute.</summary>
    public int RecomputeMaxDelayMilliseconds { get; set; } = 300_000;
}
