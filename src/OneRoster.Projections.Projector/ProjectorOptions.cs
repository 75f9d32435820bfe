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
    /// How often the projector looks for tenants that need a recompute no window will bring: a replay
    /// requested from the CLI, a pass interrupted by a restart, a mapping change.
    /// </summary>
    public double RecomputeCheckSeconds { get; set; } = 5;

    /// <summary>
    /// How many partitions one step of a full pass recomputes, and so what it holds in memory: a class
    /// partition brings its section's enrollments (about 25), and two steps are in memory at once (one
    /// mapped while the next is read). 2,000 took a 50,000-student initial sync to 1.4 GB.
    /// </summary>
    public int FullPassChunk { get; set; } = 500;

    /// <summary>
    /// The tenants whose pending recomputes this projector's check picks up; all tenants of the database
    /// when empty. Windows are recomputed by whichever projector consumes them, whatever this says.
    /// </summary>
    public List<string> Tenants { get; set; } = [];
}
