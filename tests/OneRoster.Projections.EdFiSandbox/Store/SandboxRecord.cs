using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OneRoster.Projections.EdFiSandbox;

/// <summary>
/// One live item. Immutable once built (a write replaces the record), so a snapshot can share records with
/// the
/// live state. The item JSON, with id/_etag/_lastModifiedDate, is rendered once at write time.
/// </summary>
public sealed class SandboxRecord
{
    public SandboxRecord(
        string id,
        long aggregateId,
        long changeVersion,
        DateTimeOffset lastModified,
        JsonObject body,
        NaturalKey key
    )
    {
        Id = id;
        AggregateId = aggregateId;
        ChangeVersion = changeVersion;
        LastModified = lastModified;
        Body = body;
        Key = key;
        ETag = (lastModified.UtcTicks + changeVersion).ToString(CultureInfo.InvariantCulture);
        Json = Render();
    }

    public string Id { get; }
    public long AggregateId { get; }
    public long ChangeVersion { get; }
    public DateTimeOffset LastModified { get; }

    /// <summary>
    /// The item without server metadata. Never mutate it: clone, change, and build a new record.
    /// </summary>
    public JsonObject Body { get; }

    public NaturalKey Key { get; }
    public string ETag { get; }

    /// <summary>The item as GET returns it.</summary>
    public string Json { get; }

    public static string FormatDate(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private string Render()
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("id", Id);
            foreach (var (name, value) in Body)
            {
                writer.WritePropertyName(name);
                if (value is null)
                {
                    writer.WriteNullValue();
                }
                else
                {
                    value.WriteTo(writer);
                }
            }
            writer.WriteString("_etag", ETag);
            writer.WriteString("_lastModifiedDate", FormatDate(LastModified));
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}

/// <summary>The tombstone of a deleted item, with the last key it had.</summary>
public sealed record Tombstone(string Id, long ChangeVersion, NaturalKey Key);

/// <summary>One key change of one item, as logged by the ODS tracked-changes trigger.</summary>
public sealed record KeyChangeEntry(string Id, long ChangeVersion, NaturalKey OldKey, NaturalKey NewKey);
