namespace OneRoster.Projections.EdFiSandbox;

/// <summary>
/// The Ed-Fi Data Standard a sandbox instance serves; it decides the key table and the discovery document.
/// </summary>
public enum DataStandard
{
    Ds52,
    Ds40,
}

/// <summary>
/// One member of a flattened natural key: the name used in keyValues and where it sits in the item.
/// </summary>
public sealed record KeyField(string Name, string Path)
{
    public string[] Segments { get; } = Path.Split('.');
}

/// <summary>
/// How a reference in a child resource follows a parent's natural key, so a parent key change can be cascaded
/// (ODS "ON UPDATE CASCADE"). <paramref name="ReferencePath"/> may cross one array:
/// "classPeriods[].classPeriodReference".
/// </summary>
public sealed record CascadeRule(string ChildResource, string ReferencePath);

/// <summary>
/// A resource the sandbox serves, with its natural key in keyValues order (alphabetical, as ODS emits it).
/// </summary>
public sealed class ResourceDefinition
{
    public ResourceDefinition(
        string name,
        IEnumerable<KeyField> key,
        bool allowsKeyChanges = false,
        IReadOnlyList<CascadeRule>? cascades = null
    )
    {
        Name = name;
        Key = key.OrderBy(k => k.Name, StringComparer.Ordinal).ToArray();
        AllowsKeyChanges = allowsKeyChanges;
        Cascades = cascades ?? [];
    }

    public string Name { get; }
    public IReadOnlyList<KeyField> Key { get; }

    /// <summary>True for the resources whose identity may be changed by PUT (ODS 7.3 defaults).</summary>
    public bool AllowsKeyChanges { get; }

    /// <summary>Dependent references rewritten when this resource's key changes.</summary>
    public IReadOnlyList<CascadeRule> Cascades { get; }
}
