using System.Text.Json.Nodes;

namespace OneRoster.Projections.EdFiSandbox;

/// <summary>
/// The sandbox's in-memory ODS: live state, an optional frozen snapshot, and every read and write behind one
/// lock.
/// Registered as a singleton, so in-process tests can change data without HTTP.
/// </summary>
public sealed partial class SandboxStore
{
    private static readonly string[] MetadataMembers = ["id", "_etag", "_lastModifiedDate", "link"];

    private readonly Lock _gate = new();
    private readonly TimeProvider _clock;
    private SandboxState _live;
    private SandboxState? _snapshot;

    public SandboxStore(DataStandard standard = DataStandard.Ds52, TimeProvider? clock = null)
    {
        Standard = standard;
        Definitions = NaturalKeys.For(standard);
        _clock = clock ?? TimeProvider.System;
        _live = new SandboxState(Definitions);
    }

    public DataStandard Standard { get; }

    public IReadOnlyDictionary<string, ResourceDefinition> Definitions { get; }

    /// <summary>The current value of the global change-version counter.</summary>
    public long NewestChangeVersion
    {
        get
        {
            lock (_gate)
            {
                return _live.ChangeVersion;
            }
        }
    }

    public bool HasSnapshot
    {
        get
        {
            lock (_gate)
            {
                return _snapshot is not null;
            }
        }
    }

    /// <summary>
    /// The resource name as the key table spells it, or null when the sandbox does not serve it.
    /// </summary>
    public string? ResolveResource(string resource) =>
        Definitions.TryGetValue(resource, out var definition) ? definition.Name : null;

    public int Count(string resource)
    {
        lock (_gate)
        {
            return _live.Table(resource)?.Count ?? 0;
        }
    }

    /// <summary>A copy of one live item as GET returns it, or null.</summary>
    public JsonObject? Get(string resource, string id)
    {
        lock (_gate)
        {
            var json = _live.Table(resource)?.ById(id)?.Json;
            return json is null ? null : JsonNode.Parse(json)!.AsObject();
        }
    }

    /// <summary>Copies of all live items of a resource, in AggregateId order.</summary>
    public IReadOnlyList<JsonObject> All(string resource)
    {
        string[] items;
        lock (_gate)
        {
            items = _live.Table(resource)?.Ordered.Select(r => r.Json).ToArray() ?? [];
        }
        return items.Select(j => JsonNode.Parse(j)!.AsObject()).ToList();
    }

    /// <summary>
    /// The id of the live item whose natural key equals the one in <paramref name="itemOrBody"/>.
    /// </summary>
    public string? FindId(string resource, JsonObject itemOrBody)
    {
        lock (_gate)
        {
            var table = _live.Table(resource);
            if (table is null)
            {
                return null;
            }
            var key = NaturalKey.Extract(table.Definition, itemOrBody, out _);
            return key is null ? null : table.ByKey(key.Canonical)?.Id;
        }
    }

    /// <summary>
    /// Freezes a copy of the whole state, counter included, served to GETs with Use-Snapshot: true.
    /// </summary>
    public void TakeSnapshot()
    {
        lock (_gate)
        {
            _snapshot = _live.Clone();
        }
    }

    public bool DropSnapshot()
    {
        lock (_gate)
        {
            var had = _snapshot is not null;
            _snapshot = null;
            return had;
        }
    }

    /// <summary>
    /// Runs a read against the live state or the snapshot. Returns false when a snapshot was asked for and
    /// none
    /// exists. The delegate runs under the lock; it should only copy references out.
    /// </summary>
    public bool TryRead<T>(bool useSnapshot, Func<SandboxState, T> read, out T result)
    {
        lock (_gate)
        {
            var state = useSnapshot ? _snapshot : _live;
            if (state is null)
            {
                result = default!;
                return false;
            }
            result = read(state);
            return true;
        }
    }

    /// <summary>
    /// Bulk-loads items of one resource as new records (ids, AggregateIds, change versions and dates
    /// assigned).
    /// Throws <see cref="InvalidDataException"/> on a missing key member or a duplicate natural key.
    /// </summary>
    public void Load(string resource, IEnumerable<JsonObject> items)
    {
        lock (_gate)
        {
            var table = _live.Table(resource)
                ?? throw new InvalidDataException($"Resource '{resource}' is not part of {Standard}.");
            var line = 0;
            foreach (var item in items)
            {
                line++;
                var body = Clean(item);
                var key = NaturalKey.Extract(table.Definition, body, out var missing)
                    ?? throw new InvalidDataException(
                        $"{resource} item {line}: natural key member '{missing}' is missing."
                    );
                if (table.HasLiveKey(key.Canonical))
                {
                    throw new InvalidDataException(
                        $"{resource} item {line}: duplicate natural key {key.ValuesJson}."
                    );
                }
                table.Insert(NewRecord(_live, body, key));
            }
        }
    }

    private SandboxRecord NewRecord(SandboxState state, JsonObject body, NaturalKey key, string? id = null) =>
        new(
            id ?? Guid.NewGuid().ToString("N"),
            state.NextAggregateId(),
            state.NextChangeVersion(),
            Now(),
            body,
            key
        );

    private DateTimeOffset Now()
    {
        var now = _clock.GetUtcNow();
        return new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
    }

    private static JsonObject Clean(JsonObject item)
    {
        var body = item.DeepClone().AsObject();
        foreach (var member in MetadataMembers)
        {
            body.Remove(member);
        }
        return body;
    }
}
