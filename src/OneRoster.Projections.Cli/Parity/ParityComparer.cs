using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OneRoster.Projections.Cli.Parity;

/// <summary>
/// Compares the documents a OneRoster API serves with the documents another service (usually the Ed-Fi
/// Alliance's reference) serves for the same data, class by class. What may legitimately differ between
/// two deployments is not a difference: <c>dateLastModified</c> at any level, the <c>href</c> of a
/// reference (compared by <c>sourcedId</c> and <c>type</c>), and the order of array elements (arrays are
/// compared as multisets). Everything else is, including a field that is absent on one side and
/// <c>null</c> or <c>""</c> on the other. Pure: no I/O.
/// </summary>
public static class ParityComparer
{
    private const string DateLastModified = "dateLastModified";

    /// <summary>
    /// Pairs the documents of one class by <c>sourcedId</c> and compares each pair. A served document that
    /// is <c>tobedeleted</c> and not expected is counted as retired, not extra: a reference drops a
    /// vanished row where we keep a tombstone for a while (mapping.md D1).
    /// </summary>
    public static ClassParity Compare(
        string @class,
        IReadOnlyList<JsonNode?> expected,
        IReadOnlyList<JsonNode?> served
    )
    {
        var expectedById = new Dictionary<string, List<JsonNode>>(StringComparer.Ordinal);
        foreach (var document in expected)
        {
            var id = SourcedIdOf(document) ?? "";
            if (!expectedById.TryGetValue(id, out var copies))
            {
                expectedById[id] = copies = [];
            }
            copies.Add(document!);
        }

        var servedIds = new HashSet<string>(StringComparer.Ordinal);
        var matching = 0;
        var retired = 0;
        var duplicateServed = 0;
        var differing = new List<DocumentDifference>();
        var extra = new List<string>();
        foreach (var document in served)
        {
            var id = SourcedIdOf(document) ?? "";
            if (!servedIds.Add(id))
            {
                duplicateServed++;
                continue;
            }
            if (!expectedById.TryGetValue(id, out var copies))
            {
                if (StatusOf(document) == "tobedeleted")
                {
                    retired++;
                }
                else
                {
                    extra.Add(id);
                }
                continue;
            }

            // The reference can serve two rows with one sourcedId (mapping.md §1.4); either one will do.
            var fields = copies.Select(copy => CompareDocuments(copy, document)).MinBy(f => f.Count)!;
            if (fields.Count == 0)
            {
                matching++;
            }
            else
            {
                differing.Add(new DocumentDifference(id, fields));
            }
        }

        List<string> missing = [.. expectedById.Keys.Where(id => !servedIds.Contains(id))];
        return new ClassParity(
            @class,
            expected.Count,
            served.Count,
            matching,
            differing,
            missing,
            extra,
            retired,
            expected.Count - expectedById.Count,
            duplicateServed
        );
    }

    /// <summary>Every field in which two documents differ, by path (<c>roles[0].org.sourcedId</c>).</summary>
    public static IReadOnlyList<FieldDifference> CompareDocuments(JsonNode? expected, JsonNode? served)
    {
        var differences = new List<FieldDifference>();
        Compare(expected, served, "", depth: 0, differences);
        return differences;
    }

    private static void Compare(
        JsonNode? expected,
        JsonNode? served,
        string path,
        int depth,
        List<FieldDifference> differences
    )
    {
        if (expected is JsonObject expectedObject && served is JsonObject servedObject)
        {
            CompareObjects(expectedObject, servedObject, path, depth, differences);
        }
        else if (expected is JsonArray expectedArray && served is JsonArray servedArray)
        {
            CompareArrays(expectedArray, servedArray, path, depth, differences);
        }
        else if (Canonical(expected, depth) != Canonical(served, depth))
        {
            differences.Add(FieldDifference.Changed(path, expected, served));
        }
    }

    private static void CompareObjects(
        JsonObject expected,
        JsonObject served,
        string path,
        int depth,
        List<FieldDifference> differences
    )
    {
        var names = expected.Select(p => p.Key).Concat(served.Select(p => p.Key)).Distinct();
        foreach (var name in names)
        {
            if (Ignored(name, expected, depth) || Ignored(name, served, depth))
            {
                continue;
            }
            var childPath = path.Length == 0 ? name : path + "." + name;
            var inExpected = expected.TryGetPropertyValue(name, out var expectedValue);
            var inServed = served.TryGetPropertyValue(name, out var servedValue);
            if (inExpected && inServed)
            {
                Compare(expectedValue, servedValue, childPath, depth + 1, differences);
            }
            else if (inExpected)
            {
                differences.Add(FieldDifference.NotServed(childPath, expectedValue));
            }
            else
            {
                differences.Add(FieldDifference.NotExpected(childPath, servedValue));
            }
        }
    }

    /// <summary>
    /// Multiset comparison. When exactly one object on each side has no equal partner, the two are
    /// compared field by field under the expected element's index, so a changed field deep inside an
    /// array still shows its own path; otherwise the whole array is the difference.
    /// </summary>
    private static void CompareArrays(
        JsonArray expected,
        JsonArray served,
        string path,
        int depth,
        List<FieldDifference> differences
    )
    {
        var unmatchedServed = served
            .Select((node, index) => (Key: Canonical(node, depth + 1), index))
            .ToList();
        var unmatchedExpected = new List<int>();
        for (var i = 0; i < expected.Count; i++)
        {
            var key = Canonical(expected[i], depth + 1);
            var partner = unmatchedServed.FindIndex(s => s.Key == key);
            if (partner >= 0)
            {
                unmatchedServed.RemoveAt(partner);
            }
            else
            {
                unmatchedExpected.Add(i);
            }
        }

        if (unmatchedExpected.Count == 0 && unmatchedServed.Count == 0)
        {
            return;
        }
        if (
            unmatchedExpected.Count == 1
            && unmatchedServed.Count == 1
            && expected[unmatchedExpected[0]] is JsonObject
            && served[unmatchedServed[0].index] is JsonObject
        )
        {
            var index = unmatchedExpected[0];
            Compare(
                expected[index],
                served[unmatchedServed[0].index],
                $"{path}[{index}]",
                depth + 1,
                differences
            );
            return;
        }
        differences.Add(FieldDifference.Changed(path, expected, served));
    }

    /// <summary><c>dateLastModified</c> everywhere, and the <c>href</c> of a nested reference.</summary>
    private static bool Ignored(string name, JsonObject owner, int depth) =>
        name == DateLastModified || (name == "href" && depth > 0 && owner.ContainsKey("sourcedId"));

    /// <summary>
    /// A text equal for two values exactly when they are equal under the rules above: object members in
    /// name order without the ignored ones, array elements sorted by their own canonical text.
    /// </summary>
    private static string Canonical(JsonNode? node, int depth)
    {
        var builder = new StringBuilder();
        Write(node, depth, builder);
        return builder.ToString();
    }

    private static void Write(JsonNode? node, int depth, StringBuilder builder)
    {
        switch (node)
        {
            case JsonObject obj:
                builder.Append('{');
                foreach (var (name, value) in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    if (Ignored(name, obj, depth))
                    {
                        continue;
                    }
                    builder.Append(JsonSerializer.Serialize(name)).Append(':');
                    Write(value, depth + 1, builder);
                    builder.Append(',');
                }
                builder.Append('}');
                break;
            case JsonArray array:
                builder.Append('[');
                foreach (
                    var element in array.Select(e => Canonical(e, depth + 1)).Order(StringComparer.Ordinal)
                )
                {
                    builder.Append(element).Append(',');
                }
                builder.Append(']');
                break;
            case null:
                builder.Append("null");
                break;
            default:
                builder.Append(node.ToJsonString());
                break;
        }
    }

    private static string? SourcedIdOf(JsonNode? document) =>
        document is JsonObject obj
        && obj.TryGetPropertyValue("sourcedId", out var id)
        && id is JsonValue value
        && value.TryGetValue<string>(out var text)
            ? text
            : null;

    private static string? StatusOf(JsonNode? document) =>
        document is JsonObject obj
        && obj.TryGetPropertyValue("status", out var status)
        && status is JsonValue value
        && value.TryGetValue<string>(out var text)
            ? text
            : null;
}

/// <summary>The outcome for one OneRoster class.</summary>
/// <param name="Retired">Served <c>tobedeleted</c> documents that are not expected (not counted as extra).</param>
/// <param name="DuplicateExpected">Expected lines whose sourcedId an earlier line already had.</param>
/// <param name="DuplicateServed">Served documents whose sourcedId an earlier one already had (ignored).</param>
public sealed record ClassParity(
    string Class,
    int Expected,
    int Served,
    int Matching,
    IReadOnlyList<DocumentDifference> Differing,
    IReadOnlyList<string> Missing,
    IReadOnlyList<string> Extra,
    int Retired,
    int DuplicateExpected,
    int DuplicateServed
)
{
    public bool AllMatch => Differing.Count == 0 && Missing.Count == 0 && Extra.Count == 0;
}

/// <summary>One expected document that the API serves differently.</summary>
public sealed record DocumentDifference(string SourcedId, IReadOnlyList<FieldDifference> Fields);

/// <summary>
/// One differing field. <see cref="InExpected"/> / <see cref="InServed"/> say whether the field is present
/// on that side at all, so an absent field is told apart from a <c>null</c> one.
/// </summary>
public sealed record FieldDifference(
    string Path,
    bool InExpected,
    JsonNode? Expected,
    bool InServed,
    JsonNode? Served
)
{
    public static FieldDifference Changed(string path, JsonNode? expected, JsonNode? served) =>
        new(path, true, expected?.DeepClone(), true, served?.DeepClone());

    public static FieldDifference NotServed(string path, JsonNode? expected) =>
        new(path, true, expected?.DeepClone(), false, null);

    public static FieldDifference NotExpected(string path, JsonNode? served) =>
        new(path, false, null, true, served?.DeepClone());

    /// <summary>The expected value as compact JSON, or <c>(absent)</c>.</summary>
    public string ExpectedText => InExpected ? Text(Expected) : "(absent)";

    public string ServedText => InServed ? Text(Served) : "(absent)";

    private static readonly JsonSerializerOptions Readable = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static string Text(JsonNode? value) => value is null ? "null" : value.ToJsonString(Readable);
}
