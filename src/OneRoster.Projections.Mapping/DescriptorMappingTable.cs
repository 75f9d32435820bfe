namespace OneRoster.Projections.Mapping;

/// <summary>
/// Ed-Fi descriptor value → OneRoster value, per descriptor type, matched on (namespace, codeValue).
/// Placeholder shape: the mapping work fills in loading from <c>projections/</c> and from the
/// source's <c>descriptorMappings</c> resource.
/// </summary>
public sealed class DescriptorMappingTable
{
    private readonly Dictionary<(string Type, string Namespace, string CodeValue), string> values = [];

    public static DescriptorMappingTable Empty => new();

    public void Set(string descriptorType, string sourceNamespace, string codeValue, string mappedValue) =>
        values[(descriptorType, sourceNamespace, codeValue)] = mappedValue;

    public string? Find(string descriptorType, string sourceNamespace, string codeValue) =>
        values.TryGetValue((descriptorType, sourceNamespace, codeValue), out var mapped) ? mapped : null;

    public IEnumerable<KeyValuePair<(string Type, string Namespace, string CodeValue), string>> Entries => values;
}
