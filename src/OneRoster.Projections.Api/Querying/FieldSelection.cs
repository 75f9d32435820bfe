using System.Text.Encodings.Web;
using System.Text.Json;

namespace OneRoster.Projections.Api.Querying;

/// <summary>
/// <c>fields</c>: keeps the named top-level properties of a stored object, in the object's own order.
/// A named field the object lacks is left out, as an absent optional field is everywhere else.
/// </summary>
public static class FieldSelection
{
    public static IReadOnlyList<byte[]> Apply(IReadOnlyList<byte[]> objects, IReadOnlyList<string>? fields) =>
        fields is null ? objects : [.. objects.Select(json => Project(json, fields))];

    /// <param name="json">One stored object, UTF-8.</param>
    /// <returns>The object with only the named properties, UTF-8.</returns>
    public static byte[] Project(byte[] json, IReadOnlyList<string> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        using var document = JsonDocument.Parse(json);
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(json.Length);
        // Relaxed escaping keeps characters such as ' as the projector wrote them; JSON control characters are still escaped.
        using (
            var writer = new Utf8JsonWriter(
                buffer,
                new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }
            )
        )
        {
            writer.WriteStartObject();
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (fields.Contains(property.Name, StringComparer.Ordinal))
                {
                    property.WriteTo(writer);
                }
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
