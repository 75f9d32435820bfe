using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OneRoster.Projections.Mapping;

/// <summary>Tolerant reads from Ed-Fi JSON: a missing, null or wrongly typed value reads as null.</summary>
internal static class JsonRead
{
    public static JsonElement? Obj(this JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object
        && e.TryGetProperty(name, out var v)
        && v.ValueKind == JsonValueKind.Object
            ? v
            : null;

    public static string? Str(this JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object
        && e.TryGetProperty(name, out var v)
        && v.ValueKind == JsonValueKind.String
            ? v.GetString()
            : null;

    public static string? Str(this JsonElement e, string obj, string name) =>
        e.Obj(obj) is { } o ? o.Str(name) : null;

    /// <summary>An integer, also when sent as a numeric string.</summary>
    public static long? Long(this JsonElement e, string name)
    {
        if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(name, out var v))
        {
            return null;
        }
        if (v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n))
        {
            return n;
        }
        return
            v.ValueKind == JsonValueKind.String
            && long.TryParse(v.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var s)
            ? s
            : null;
    }

    public static long? Long(this JsonElement e, string obj, string name) =>
        e.Obj(obj) is { } o ? o.Long(name) : null;

    public static bool? Bool(this JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v)
            ? v.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => null,
            }
            : null;

    public static IEnumerable<JsonElement> Arr(this JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object
        && e.TryGetProperty(name, out var v)
        && v.ValueKind == JsonValueKind.Array
            ? v.EnumerateArray()
            : [];

    /// <summary>
    /// A date as <c>YYYY-MM-DD</c>; a date-time value (older ODS/API releases) is cut to its date part. Null when
    /// the value is not a string or not a real date, so a OneRoster date field is left out rather than holding junk.
    /// </summary>
    public static string? Date(this JsonElement e, string name)
    {
        if (e.Str(name) is not { Length: >= 10 } s)
        {
            return null;
        }
        var date = s[..10];
        var isDate = DateOnly.TryParseExact(
            date,
            "yyyy-MM-dd",
            CultureInfo.InvariantCulture,
            DateTimeStyles.None,
            out _
        );
        var isDateTime =
            s.Length == 10
            || (s[10] is 'T' or ' ')
                && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.None, out _);
        return isDate && isDateTime ? date : null;
    }

    /// <summary>
    /// A date that is part of a natural key: as <see cref="Date"/>, or else the text as sent, so that two records
    /// with different unparseable keys still get different sourcedIds.
    /// </summary>
    public static string? KeyDate(this JsonElement e, string name) => e.Date(name) ?? e.Str(name);

    /// <summary>The section key of a <c>sectionReference</c>-shaped object; null when a part is missing.</summary>
    public static SectionKey? SectionKeyOf(JsonElement? reference, string sectionIdentifier)
    {
        if (reference is not { } r)
        {
            return null;
        }
        var lcc = r.Str("localCourseCode");
        var schoolId = r.Long("schoolId");
        var schoolYear = r.Long("schoolYear");
        var sessionName = r.Str("sessionName");
        return lcc is null || schoolId is null || schoolYear is null || sessionName is null
            ? null
            : new SectionKey(lcc, schoolId.Value, schoolYear.Value, sectionIdentifier, sessionName);
    }
}

/// <summary>Writes OneRoster bodies: absent values are left out, never null or "" (mapping.md D8–D10).</summary>
internal static class JsonWrite
{
    public static JsonObject Put(this JsonObject o, string key, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            o[key] = value;
        }
        return o;
    }

    public static JsonObject Put(this JsonObject o, string key, JsonNode? value)
    {
        if (value is not null)
        {
            o[key] = value;
        }
        return o;
    }

    /// <summary>OneRoster booleans are the strings "true"/"false".</summary>
    public static JsonObject PutFlag(this JsonObject o, string key, bool value)
    {
        o[key] = value ? "true" : "false";
        return o;
    }

    public static JsonArray ToJsonArray(this IEnumerable<JsonNode?> items) => new([.. items]);

    /// <summary><c>{"edfi": {"resource": r, "naturalKey": {...}, ...extra}}</c>.</summary>
    public static JsonObject EdFiMetadata(
        string resource,
        JsonObject naturalKey,
        params (string Key, JsonNode? Value)[] extra
    )
    {
        var edfi = new JsonObject { ["resource"] = resource, ["naturalKey"] = naturalKey };
        foreach (var (key, value) in extra)
        {
            edfi[key] = value;
        }
        return new JsonObject { ["edfi"] = edfi };
    }
}
