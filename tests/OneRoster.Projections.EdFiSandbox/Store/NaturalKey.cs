using System.Text;
using System.Text.Json.Nodes;

namespace OneRoster.Projections.EdFiSandbox;

/// <summary>A flattened natural key: the keyValues object and a canonical string used for lookups.</summary>
public sealed record NaturalKey(JsonObject Values, string Canonical)
{
    public string ValuesJson { get; } = Values.ToJsonString();

    /// <summary>
    /// Pulls the key out of an item. Returns null and names the first missing member when the body lacks one.
    /// Strings compare case-insensitively, as ODS does on its default collation.
    /// </summary>
    public static NaturalKey? Extract(ResourceDefinition definition, JsonObject body, out string? missing)
    {
        var values = new JsonObject();
        var canonical = new StringBuilder();
        foreach (var field in definition.Key)
        {
            var node = Find(body, field.Segments);
            if (node is null)
            {
                missing = field.Path;
                return null;
            }
            values[field.Name] = node.DeepClone();
            canonical.Append(field.Name).Append('=').Append(CanonicalValue(node)).Append('\u001f');
        }
        missing = null;
        return new NaturalKey(values, canonical.ToString());
    }

    /// <summary>
    /// Builds the canonical lookup string for keyValues given as a flat object (for example a query string).
    /// </summary>
    public static string CanonicalOf(ResourceDefinition definition, JsonObject flatValues)
    {
        var canonical = new StringBuilder();
        foreach (var field in definition.Key)
        {
            canonical
                .Append(field.Name)
                .Append('=')
                .Append(CanonicalValue(flatValues[field.Name]))
                .Append('\u001f');
        }
        return canonical.ToString();
    }

    public static string CanonicalValue(JsonNode? node) =>
        node switch
        {
            null => "null",
            JsonValue v when v.TryGetValue<string>(out var s) => "\"" + s.ToLowerInvariant() + "\"",
            _ => node.ToJsonString(),
        };

    public static JsonNode? Find(JsonObject body, IReadOnlyList<string> segments)
    {
        JsonNode? current = body;
        foreach (var segment in segments)
        {
            if (current is not JsonObject obj || !obj.TryGetPropertyValue(segment, out current))
            {
                return null;
            }
        }
        return current;
    }
}
