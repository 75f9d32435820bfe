namespace OneRoster.Projections.EdFiSandbox;

/// <summary>
/// The whole database: every table plus the global change-version sequence. A snapshot is a clone.
/// </summary>
public sealed class SandboxState
{
    private readonly Dictionary<string, ResourceTable> _tables;

    public SandboxState(IReadOnlyDictionary<string, ResourceDefinition> definitions)
    {
        _tables = definitions.Values.ToDictionary(
            d => d.Name,
            d => new ResourceTable(d),
            StringComparer.OrdinalIgnoreCase
        );
    }

    private SandboxState(SandboxState other)
    {
        _tables = other._tables.ToDictionary(
            p => p.Key,
            p => p.Value.Clone(),
            StringComparer.OrdinalIgnoreCase
        );
        ChangeVersion = other.ChangeVersion;
        LastAggregateId = other.LastAggregateId;
        Reserved = other.Reserved;
    }

    /// <summary>The current value of the global change-version sequence (newestChangeVersion).</summary>
    public long ChangeVersion { get; private set; }

    public long LastAggregateId { get; private set; }

    public IEnumerable<ResourceTable> Tables => _tables.Values;

    public ResourceTable? Table(string resource) => _tables.GetValueOrDefault(resource);

    /// <summary>
    /// A version taken earlier by a write that is only now being applied (an uncommitted transaction that
    /// commits): while set, every row the write touches gets it instead of a new one.
    /// </summary>
    public long? Reserved { get; set; }

    public long NextChangeVersion() => Reserved ?? ++ChangeVersion;

    public long NextAggregateId() => ++LastAggregateId;

    public SandboxState Clone() => new(this);
}
