using System.Text.Json;

namespace OneRoster.Projections.Mapping;

/// <summary>
/// Ed-Fi descriptor value → OneRoster value, per descriptor type, matched on (namespace, codeValue)
/// (mapping.md §0, §2). The descriptor type is the OneRoster target type, e.g. <c>TermDescriptor</c>.
/// Defaults come from <c>projections/descriptor-mappings/</c> (<see cref="LoadFolder"/>); the source's
/// <c>descriptorMappings</c> records override them value by value (<see cref="WithSourceMappings"/>).
/// </summary>
public sealed class DescriptorMappingTable
{
    /// <summary>Namespace prefix of every OneRoster target descriptor type.</summary>
    public const string TargetNamespacePrefix = "uri://1edtech.org/oneroster12/";

    private readonly Dictionary<(string Type, string Namespace, string CodeValue), string> values = [];

    public static DescriptorMappingTable Empty => new();

    public void Set(string descriptorType, string sourceNamespace, string codeValue, string mappedValue) =>
        values[(descriptorType, sourceNamespace, codeValue)] = mappedValue;

    public string? Find(string descriptorType, string sourceNamespace, string codeValue) =>
        values.TryGetValue((descriptorType, sourceNamespace, codeValue), out var mapped) ? mapped : null;

    /// <summary>Maps a full descriptor URI (<c>namespace#codeValue</c>); null when absent or unmapped.</summary>
    public string? Map(string descriptorType, string? descriptorUri) =>
        DescriptorValue.TryParse(descriptorUri, out var ns, out var code)
            ? Find(descriptorType, ns, code)
            : null;

    public IEnumerable<KeyValuePair<(string Type, string Namespace, string CodeValue), string>> Entries =>
        values;

    public int Count => values.Count;

    /// <summary>A copy of this table.</summary>
    public DescriptorMappingTable Clone()
    {
        var copy = new DescriptorMappingTable();
        foreach (var (key, value) in values)
        {
            copy.values[key] = value;
        }
        return copy;
    }

    /// <summary>
    /// A copy of this table overridden by Ed-Fi <c>descriptorMappings</c> records
    /// (<c>{"value","namespace","mappedValue","mappedNamespace","mappingScopes"}</c>). Records whose
    /// mappedNamespace is not a OneRoster 1.2 descriptor type, or that lack a field, are ignored.
    /// </summary>
    public DescriptorMappingTable WithSourceMappings(IEnumerable<JsonElement> records)
    {
        var merged = Clone();
        foreach (var record in records)
        {
            var value = record.Str("value");
            var ns = record.Str("namespace");
            var mappedValue = record.Str("mappedValue");
            var type = TargetType(record.Str("mappedNamespace"));
            if (value is not null && ns is not null && mappedValue is not null && type is not null)
            {
                merged.Set(type, ns, value, mappedValue);
            }
        }
        return merged;
    }

    /// <summary>
    /// Reads every <c>*.json</c> file of <paramref name="folder"/>:
    /// <c>{"sourceNamespace","targetNamespace","values":{codeValue: mappedValue}}</c>.
    /// Files are read in ordinal name order, so a later file wins on a duplicate entry.
    /// </summary>
    /// <exception cref="InvalidDataException">A file is not in that shape.</exception>
    public static DescriptorMappingTable LoadFolder(string folder)
    {
        var table = new DescriptorMappingTable();
        var files = Directory.GetFiles(folder, "*.json");
        Array.Sort(files, StringComparer.Ordinal);
        foreach (var file in files)
        {
            using var document = JsonDocument.Parse(File.ReadAllText(file));
            var root = document.RootElement;
            var sourceNamespace = root.Str("sourceNamespace");
            var type = TargetType(root.Str("targetNamespace"));
            if (
                sourceNamespace is null
                || type is null
                || !root.TryGetProperty("values", out var entries)
                || entries.ValueKind != JsonValueKind.Object
            )
            {
                throw new InvalidDataException(
                    $"{file}: expected {{\"sourceNamespace\", \"targetNamespace\": \"{TargetNamespacePrefix}<Type>\", "
                        + "\"values\": {codeValue: mappedValue}}"
                );
            }
            foreach (var entry in entries.EnumerateObject())
            {
                if (entry.Value.ValueKind != JsonValueKind.String)
                {
                    throw new InvalidDataException($"{file}: the value of \"{entry.Name}\" must be a string");
                }
                table.Set(type, sourceNamespace, entry.Name, entry.Value.GetString()!);
            }
        }
        return table;
    }

    /// <summary><c>uri://1edtech.org/oneroster12/TermDescriptor</c> → <c>TermDescriptor</c>; null otherwise.</summary>
    public static string? TargetType(string? targetNamespace) =>
        targetNamespace is not null
        && targetNamespace.StartsWith(TargetNamespacePrefix, StringComparison.Ordinal)
        && targetNamespace.Length > TargetNamespacePrefix.Length
            ? targetNamespace[TargetNamespacePrefix.Length..]
            : null;
}
