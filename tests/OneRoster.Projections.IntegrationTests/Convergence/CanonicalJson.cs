using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OneRoster.Projections.IntegrationTests.Convergence;

/// <summary>
/// JSON compared as data: object members in any order, arrays in order, numbers by value. Finds the first
/// place two values differ, so a failed comparison can say where.
/// </summary>
public static class CanonicalJson
{
    public static JsonNode? Parse(string json) =>
        JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = false });

    /// <summary>Null when equal, otherwise the path of the first difference and both values there.</summary>
    public static string? FirstDifference(JsonNode? expected, JsonNode? actual, string path = "$")
    {
        switch (expected, actual)
        {
            case (null, null):
                return null;
            case (JsonObject e, JsonObject a):
                foreach (
                    var name in e.Select(p => p.Key).Union(a.Select(p => p.Key)).Order(StringComparer.Ordinal)
                )
                {
                    var hasE = e.TryGetPropertyValue(name, out var ev);
                    var hasA = a.TryGetPropertyValue(name, out var av);
                    if (hasE != hasA)
                    {
                        return $"{path}.{name}: expected {(hasE ? Show(ev) : "(absent)")}, "
                            + $"got {(hasA ? Show(av) : "(absent)")}";
                    }
                    if (FirstDifference(ev, av, $"{path}.{name}") is { } inner)
                    {
                        return inner;
                    }
                }
                return null;
            case (JsonArray e, JsonArray a):
                for (var i = 0; i < Math.Max(e.Count, a.Count); i++)
                {
                    if (i >= e.Count || i >= a.Count)
                    {
                        return $"{path}: expected {e.Count} elements, got {a.Count}: expected {Show(e)}, got {Show(a)}";
                    }
                    if (FirstDifference(e[i], a[i], $"{path}[{i}]") is { } inner)
                    {
                        return inner;
                    }
                }
                return null;
            case (JsonValue e, JsonValue a) when ScalarEquals(e, a):
                return null;
            default:
                return $"{path}: expected {Show(expected)}, got {Show(actual)}";
        }
    }

    private static bool ScalarEquals(JsonValue expected, JsonValue actual)
    {
        var (e, a) = (expected.GetValueKind(), actual.GetValueKind());
        if (e != a)
        {
            return false;
        }
        return e switch
        {
            JsonValueKind.Number => decimal.Parse(expected.ToJsonString(), CultureInfo.InvariantCulture)
                == decimal.Parse(actual.ToJsonString(), CultureInfo.InvariantCulture),
            JsonValueKind.String => expected.GetValue<string>() == actual.GetValue<string>(),
            _ => true,
        };
    }

    public static string Show(JsonNode? node)
    {
        var text = node?.ToJsonString() ?? "null";
        return text.Length <= 300 ? text : text[..300] + "…";
    }
}
