using System.Text.Json;

namespace OneRoster.Projections.Storage;

/// <summary>
/// The references of a served OneRoster object that nested endpoints select on, each as one string:
/// <c>school:{id}</c>, <c>class:{id}</c>, <c>course:{id}</c>, <c>org:{id}</c>, <c>parent:{id}</c> and
/// <c>user:{id}</c> for the single references of those names, <c>term:{id}</c> for each of a class's
/// <c>terms</c>, and <c>role:{role}:{org id}</c> for each of a user's <c>roles</c>. A GIN index over the list
/// answers "the enrollments of class X" or "the students of school Y" without reading any JSON.
/// </summary>
public static class RelatedIds
{
    private static readonly string[] SingleReferences =
    [
        "school",
        "class",
        "course",
        "org",
        "parent",
        "user",
    ];

    public static string Of(string @class, string sourcedId) => @class + ":" + sourcedId;

    public static string Role(string role, string orgSourcedId) => "role:" + role + ":" + orgSourcedId;

    /// <summary>The keys of the object <paramref name="json"/>; none when it is not a JSON object.</summary>
    public static List<string> Of(string json)
    {
        var keys = new List<string>();
        if (string.IsNullOrEmpty(json))
        {
            return keys;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return keys;
            }

            foreach (var name in SingleReferences)
            {
                if (root.TryGetProperty(name, out var reference) && SourcedIdOf(reference) is { } id)
                {
                    keys.Add(Of(name, id));
                }
            }

            foreach (var term in ArrayOf(root, "terms"))
            {
                if (SourcedIdOf(term) is { } id)
                {
                    keys.Add(Of("term", id));
                }
            }

            foreach (var role in ArrayOf(root, "roles"))
            {
                if (
                    role.ValueKind == JsonValueKind.Object
                    && role.TryGetProperty("role", out var name)
                    && name.ValueKind == JsonValueKind.String
                    && role.TryGetProperty("org", out var org)
                    && SourcedIdOf(org) is { } id
                )
                {
                    keys.Add(Role(name.GetString()!, id));
                }
            }
        }
        catch (JsonException)
        {
            // Stored JSON is always the projector's own output; anything else simply relates to nothing.
        }

        return keys;
    }

    private static string? SourcedIdOf(JsonElement reference) =>
        reference.ValueKind == JsonValueKind.Object
        && reference.TryGetProperty("sourcedId", out var id)
        && id.ValueKind == JsonValueKind.String
            ? id.GetString()
            : null;

    private static readonly JsonElement EmptyArray = JsonDocument.Parse("[]").RootElement.Clone();

    private static JsonElement.ArrayEnumerator ArrayOf(JsonElement root, string name) =>
        (
            root.TryGetProperty(name, out var array) && array.ValueKind == JsonValueKind.Array
                ? array
                : EmptyArray
        ).EnumerateArray();
}
