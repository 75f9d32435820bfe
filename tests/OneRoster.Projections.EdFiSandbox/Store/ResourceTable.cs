namespace OneRoster.Projections.EdFiSandbox;

/// <summary>
/// The rows of one resource: live records by id, by natural key and in AggregateId order, plus the tombstones
/// and the key-change log. Not thread-safe; <see cref="SandboxStore"/> guards it.
/// </summary>
public sealed class ResourceTable
{
    private readonly Dictionary<string, SandboxRecord> _byId;
    private readonly Dictionary<string, SandboxRecord> _byKey;
    private readonly List<SandboxRecord> _ordered;
    private readonly List<Tombstone> _deletes;
    private readonly List<KeyChangeEntry> _keyChanges;

    public ResourceTable(ResourceDefinition definition)
    {
        Definition = definition;
        _byId = new(StringComparer.OrdinalIgnoreCase);
        _byKey = new(StringComparer.Ordinal);
        _ordered = [];
        _deletes = [];
        _keyChanges = [];
    }

    private ResourceTable(ResourceTable other)
    {
        Definition = other.Definition;
        _byId = new(other._byId, StringComparer.OrdinalIgnoreCase);
        _byKey = new(other._byKey, StringComparer.Ordinal);
        _ordered = [.. other._ordered];
        _deletes = [.. other._deletes];
        _keyChanges = [.. other._keyChanges];
    }

    public ResourceDefinition Definition { get; }

    /// <summary>Live records in ascending AggregateId (the ODS 7.3 GET-many order).</summary>
    public IReadOnlyList<SandboxRecord> Ordered => _ordered;

    /// <summary>Tombstones in ascending change version.</summary>
    public IReadOnlyList<Tombstone> Deletes => _deletes;

    /// <summary>Key-change log in ascending change version.</summary>
    public IReadOnlyList<KeyChangeEntry> KeyChanges => _keyChanges;

    public int Count => _ordered.Count;

    public ResourceTable Clone() => new(this);

    public SandboxRecord? ById(string id) => _byId.GetValueOrDefault(id);

    public SandboxRecord? ByKey(string canonicalKey) => _byKey.GetValueOrDefault(canonicalKey);

    public bool HasLiveKey(string canonicalKey) => _byKey.ContainsKey(canonicalKey);

    /// <summary>Adds a new record; its AggregateId must be the highest so far.</summary>
    public void Insert(SandboxRecord record)
    {
        _byId.Add(record.Id, record);
        _byKey.Add(record.Key.Canonical, record);
        _ordered.Add(record);
    }

    /// <summary>Swaps a record for its new version (same id and AggregateId, possibly a new key).</summary>
    public void Replace(SandboxRecord current, SandboxRecord next)
    {
        _byKey.Remove(current.Key.Canonical);
        _byKey.Add(next.Key.Canonical, next);
        _byId[next.Id] = next;
        _ordered[IndexOf(current)] = next;
    }

    public void Remove(SandboxRecord record, long changeVersion)
    {
        _byId.Remove(record.Id);
        _byKey.Remove(record.Key.Canonical);
        _ordered.RemoveAt(IndexOf(record));
        _deletes.Add(new Tombstone(record.Id, changeVersion, record.Key));
    }

    public void LogKeyChange(KeyChangeEntry entry) => _keyChanges.Add(entry);

    private int IndexOf(SandboxRecord record)
    {
        int lo = 0,
            hi = _ordered.Count - 1;
        while (lo <= hi)
        {
            var mid = lo + ((hi - lo) / 2);
            var at = _ordered[mid].AggregateId;
            if (at == record.AggregateId)
            {
                return mid;
            }
            if (at < record.AggregateId)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }
        throw new InvalidOperationException("Record is not in the table.");
    }
}
