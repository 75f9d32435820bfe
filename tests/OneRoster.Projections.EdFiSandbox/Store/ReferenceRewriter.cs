using System.Text.Json.Nodes;

namespace OneRoster.Projections.EdFiSandbox;

/// <summary>Finds references to a parent's old key inside an item and points them at the new key.</summary>
internal static class ReferenceRewriter
{
    /// <summary>
    /// Returns a rewritten copy of <paramref name="body"/>, or null when nothing referenced the old key.
    /// </summary>
    public static JsonObject? Rewrite(
        JsonObject body,
        string referencePath,
        ResourceDefinition parent,
        NaturalKey oldKey,
        NaturalKey newKey
    )
    {
        var segments = referencePath.Split('.');
        if (!References(body, segments, 0).Any(r => Matches(r, parent, oldKey)))
        {
            return null;
        }
        var copy = body.DeepClone().AsObject();
        foreach (
            var reference in References(copy, segments, 0).Where(r => Matches(r, parent, oldKey)).ToList()
        )
        {
            foreach (var field in parent.Key)
            {
                reference[field.Name] = newKey.Values[field.Name]?.DeepClone();
            }
        }
        return copy;
    }

    private static bool Matches(JsonObject reference, ResourceDefinition parent, NaturalKey key) =>
        parent.Key.All(f =>
            NaturalKey.CanonicalValue(reference[f.Name]) == NaturalKey.CanonicalValue(key.Values[f.Name])
        );

    private static IEnumerable<JsonObject> References(JsonObject node, string[] segments, int index)
    {
        var segment = segments[index];
        var isArray = segment.EndsWith("[]", StringComparison.Ordinal);
        var name = isArray ? segment[..^2] : segment;
        var last = index == segments.Length - 1;
        if (node[name] is JsonArray array && isArray)
        {
            foreach (var element in array.OfType<JsonObject>())
            {
                foreach (var found in last ? [element] : References(element, segments, index + 1))
                {
                    yield return found;
                }
            }
        }
        else if (node[name] is JsonObject obj && !isArray)
        {
            foreach (var found in last ? [obj] : References(obj, segments, index + 1))
            {
                yield return found;
            }
        }
    }
}
