namespace OneRoster.Projections.Storage;

/// <summary>
/// The projector's copy of one Ed-Fi record, keyed by resource and natural key (never by the Ed-Fi
/// <c>id</c>, which changes when a record is deleted and re-created). A deleted record stays as a
/// tombstone stamped with the window that deleted it, so a late upsert from an older window cannot
/// bring it back.
/// </summary>
public sealed class SourceRecord
{
    /// <summary><c>{resource}|{naturalKey}</c>.</summary>
    public string Id { get; set; } = "";

    public string Resource { get; set; } = "";

    /// <summary>Canonical flattened natural key, e.g. <c>schoolId=255901001|schoolYear=2022|sessionName=…</c>.</summary>
    public string NaturalKey { get; set; } = "";

    /// <summary>The Ed-Fi <c>id</c> of the live record, kept to resolve deletes that carry no key values.</summary>
    public string? EdFiId { get; set; }

    /// <summary>The item JSON as received; null once deleted.</summary>
    public string? Json { get; set; }

    /// <summary>Upper bound of the change window that last wrote this record.</summary>
    public long ChangeVersion { get; set; }

    /// <summary>The source's epoch when this record was last written; see EdFiChangePageV1.Epoch.</summary>
    public long Epoch { get; set; }

    /// <summary>Whether this record was written after (epoch, change version) — by a newer window.</summary>
    public int CompareStamp(long epoch, long changeVersion) =>
        Epoch != epoch ? Epoch.CompareTo(epoch) : ChangeVersion.CompareTo(changeVersion);

    /// <summary>Upper bound of the window in which this natural key was first seen alive.</summary>
    public long FirstSeenChangeVersion { get; set; }

    public bool Deleted { get; set; }

    /// <summary>
    /// What this record feeds: the OneRoster partitions that read it and the lookup keys that lead from it to
    /// further records (Partitions in the mapping project). Empty once deleted.
    /// </summary>
    public List<string> Keys { get; set; } = [];

    public DateTimeOffset StoredAt { get; set; }

    public static string IdOf(string resource, string naturalKey) => resource + "|" + naturalKey;
}
