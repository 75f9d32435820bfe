namespace OneRoster.Projections.Storage;

/// <summary>
/// The projector's bookkeeping for one tenant: which data standard its source speaks, and whether source
/// records changed since the OneRoster documents were last recomputed. Persisted so that a projector that
/// stops between applying a page and recomputing picks the work up again when it starts.
/// </summary>
public sealed class ProjectionState
{
    public string Id { get; set; } = DocumentId;

    /// <summary>The tenant again, so a cross-tenant query can tell which tenant is pending.</summary>
    public string Tenant { get; set; } = "";

    public string DataStandardVersion { get; set; } = "5.2.0";

    /// <summary>Counts pages that changed the source store.</summary>
    public long SourceChanges { get; set; }

    /// <summary>The <see cref="SourceChanges"/> value the last completed recompute had read before it began.</summary>
    public long RecomputedSourceChanges { get; set; }

    public bool Pending => SourceChanges > RecomputedSourceChanges;

    /// <summary>Newest (epoch, window upper bound) of a page that changed the source store.</summary>
    public long LatestPageEpoch { get; set; }

    public long LatestPageWindow { get; set; } = -1;

    /// <summary>Newest (epoch, window upper bound) whose completion the poller announced.</summary>
    public long LatestCompletedEpoch { get; set; }

    public long LatestCompletedWindow { get; set; } = -1;

    /// <summary>
    /// Some pages belong to a window that has not completed yet: the source store then holds a half-read
    /// window, and documents computed from it could show transient rows and false deletions.
    /// </summary>
    public bool WindowInFlight =>
        (LatestPageEpoch, LatestPageWindow).CompareTo((LatestCompletedEpoch, LatestCompletedWindow)) > 0;

    public void PageApplied(long epoch, long window)
    {
        if ((epoch, window).CompareTo((LatestPageEpoch, LatestPageWindow)) > 0)
        {
            (LatestPageEpoch, LatestPageWindow) = (epoch, window);
        }
    }

    public void WindowCompleted(long epoch, long window)
    {
        if ((epoch, window).CompareTo((LatestCompletedEpoch, LatestCompletedWindow)) > 0)
        {
            (LatestCompletedEpoch, LatestCompletedWindow) = (epoch, window);
        }
    }

    /// <summary>
    /// Keys of the source records changed since the last recompute (old and new content): the next recompute
    /// expands them into the partitions to recompute. Past <see cref="MaxPendingKeys"/> the set is dropped
    /// for <see cref="FullRecomputePending"/>, which is also what a first load or a retired full load asks for.
    /// </summary>
    public List<string> PendingKeys { get; set; } = [];

    public bool FullRecomputePending { get; set; }

    public const int MaxPendingKeys = 10_000;

    /// <summary>Adds the keys of a changed record, falling back to a full recompute when they grow too many.</summary>
    public void AddPendingKeys(IEnumerable<string> keys)
    {
        if (FullRecomputePending && FullPassCursor is null)
        {
            // A full pass that has not started yet covers these changes too.
            return;
        }
        var set = new HashSet<string>(PendingKeys, StringComparer.Ordinal);
        set.UnionWith(keys);
        if (set.Count > MaxPendingKeys && FullPassCursor is null)
        {
            FullRecomputePending = true;
            PendingKeys = [];
        }
        else
        {
            PendingKeys = [.. set.Order(StringComparer.Ordinal)];
        }
    }

    /// <summary>
    /// Last partition a running full pass (first load, replay) has committed, in ordinal order; "" when it
    /// has started and committed none, null when no pass runs. A restarted projector resumes after it.
    /// </summary>
    public string? FullPassCursor { get; set; }

    /// <summary>Partitions the running (or last) full pass has recomputed, and how many it has in all.</summary>
    public long FullPassDone { get; set; }

    public long FullPassTotal { get; set; }

    /// <summary>The <see cref="SourceChanges"/> a running full pass covers: those counted before it began.</summary>
    public long FullPassCoveredChanges { get; set; }

    /// <summary>The rules (SourceKeys.Version) the stored records' keys follow; older ones are backfilled.</summary>
    public string? KeysVersion { get; set; }

    public DateTimeOffset? LastRecomputedAt { get; set; }

    public string? MappingVersion { get; set; }

    public long DocumentsWritten { get; set; }

    public const string DocumentId = "projection";
}
