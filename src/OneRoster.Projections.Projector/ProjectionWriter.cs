using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Marten;
using Microsoft.Extensions.Options;
using Npgsql;
using OneRoster.Projections.EdFi;
using OneRoster.Projections.Mapping;
using OneRoster.Projections.Storage;
using Weasel.Core;

namespace OneRoster.Projections.Projector;

/// <summary>
/// Recomputes a tenant's OneRoster documents from its source store and writes only what changed.
/// A document whose content is unchanged keeps its <c>dateLastModified</c>; one that can no longer be
/// derived becomes <c>tobedeleted</c> with a fresh timestamp, and is purged after the retention period.
/// </summary>
/// <remarks>
/// This first version recomputes every document of the tenant and diffs by content hash. That is
/// correct for any change but costs a full read of the source store per recompute; recomputing only
/// the documents a change touches (mapping.md §3) is what makes large districts cheap.
/// </remarks>
public sealed partial class ProjectionWriter(
    IDocumentStore store,
    NpgsqlDataSource dataSource,
    IOptions<ProjectorOptions> options,
    DescriptorMappingDefaults defaults,
    TimeProvider clock,
    ILogger<ProjectionWriter> logger
)
{
    public sealed record Result(int Active, int Written, int Tombstoned, int Purged, TimeSpan Elapsed);

    public async Task<Result> RecomputeAsync(string tenant, CancellationToken cancellationToken)
    {
        // One recompute per tenant at a time, across projector instances: two would race on the same
        // documents and could stamp them out of commit order.
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using (
            var take = new NpgsqlCommand("select pg_advisory_lock(hashtextextended($1, 0))", connection)
        )
        {
            take.Parameters.AddWithValue(LockName(tenant));
            await take.ExecuteNonQueryAsync(cancellationToken);
        }
        try
        {
            return await RecomputeLockedAsync(tenant, cancellationToken);
        }
        finally
        {
            await using var release = new NpgsqlCommand(
                "select pg_advisory_unlock(hashtextextended($1, 0))",
                connection
            );
            release.Parameters.AddWithValue(LockName(tenant));
            await release.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    private static string LockName(string tenant) => "oneroster-recompute:" + tenant;

    private async Task<Result> RecomputeLockedAsync(string tenant, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        await using var session = store.LightweightSession(tenant);
        var state = await session.LoadAsync<ProjectionState>(ProjectionState.DocumentId, cancellationToken);
        if (state is null)
        {
            return new Result(0, 0, 0, 0, TimeSpan.Zero);
        }
        var covered = state.SourceChanges;
        if (
            !state.Pending
            && state.MappingVersion == defaults.MappingVersion
            && !await AnyTombstoneExpiredAsync(session, cancellationToken)
        )
        {
            // A window that changed no record: every document is already what this recompute would give.
            return new Result(0, 0, 0, 0, TimeSpan.Zero);
        }

        var sources = await LoadSourcesAsync(session, cancellationToken);
        var major = EdFiResourceCatalog.MajorOf(state.DataStandardVersion);
        var projected = OneRosterMapper.Project(
            sources,
            new MappingOptions(major, options.Value.HrefBase, defaults.Table)
        );
        var existing = (await session.Query<OneRosterDocument>().ToListAsync(cancellationToken)).ToDictionary(
            d => d.Id
        );

        var now = NextStamp(state.LastRecomputedAt);
        var rewritten = new List<OneRosterDocument>();
        var counts = Write(session, projected, existing, now, rewritten);
        if (rewritten.Count >= BulkWriteThreshold)
        {
            // Many documents at once (a first load, a replay after a mapping change): Marten's COPY-based
            // bulk upsert, committed ahead of the tombstones and the state below. Still inside the tenant's
            // lock, so stamps keep their order; a crash in between leaves the state pending and the next
            // recompute finds these documents already written (same hash) and finishes the rest.
            await store.BulkInsertAsync(
                tenant,
                rewritten,
                BulkInsertMode.OverwriteExisting,
                1000,
                cancellationToken
            );
        }
        else
        {
            foreach (var document in rewritten)
            {
                session.Store(document);
            }
        }

        state.RecomputedSourceChanges = covered;
        state.LastRecomputedAt = now;
        state.MappingVersion = defaults.MappingVersion;
        state.DocumentsWritten += counts.Written + counts.Tombstoned;
        session.Store(state);
        await session.SaveChangesAsync(cancellationToken);

        var result = counts with { Elapsed = Stopwatch.GetElapsedTime(started) };
        LogRecomputed(
            tenant,
            result.Active,
            result.Written,
            result.Tombstoned,
            result.Purged,
            result.Elapsed.TotalMilliseconds
        );
        return result;
    }

    private static async Task<SourceSet> LoadSourcesAsync(
        IDocumentSession session,
        CancellationToken cancellationToken
    )
    {
        var records = await session
            .Query<SourceRecord>()
            .Where(r => !r.Deleted)
            .ToListAsync(cancellationToken);
        var items = new List<SourceItem>(records.Count);
        foreach (var record in records)
        {
            // Stored records were parsed when the page was applied, so they are valid JSON.
            var data = JsonSerializer.Deserialize<JsonElement>(record.Json!, ItemJson.SerializerOptions);
            items.Add(
                new SourceItem(
                    record.Resource,
                    record.NaturalKey,
                    data,
                    record.FirstSeenChangeVersion,
                    LastModifiedOf(data)
                )
            );
        }
        return new SourceSet(items);
    }

    private const int BulkWriteThreshold = 1000;

    private Task<bool> AnyTombstoneExpiredAsync(IQuerySession session, CancellationToken cancellationToken)
    {
        var expiredBefore = clock.GetUtcNow() - TimeSpan.FromDays(options.Value.TombstoneRetentionDays);
        return session
            .Query<OneRosterDocument>()
            .AnyAsync(
                d => d.Status == "tobedeleted" && d.DateLastModified < expiredBefore,
                cancellationToken
            );
    }

    /// <summary>
    /// Compares the projection with the stored documents: new and changed ones go to
    /// <paramref name="rewritten"/>; ones no longer derived are stored as tombstones; expired tombstones go.
    /// </summary>
    private Result Write(
        IDocumentSession session,
        IReadOnlyList<ProjectedDocument> projected,
        Dictionary<string, OneRosterDocument> existing,
        DateTimeOffset now,
        List<OneRosterDocument> rewritten
    )
    {
        int written = 0,
            tombstoned = 0,
            purged = 0;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var document in projected)
        {
            var id = OneRosterDocument.IdOf(document.Class, document.SourcedId);
            if (!seen.Add(id))
            {
                // Two Ed-Fi records that differ only in letter case share one sourcedId (mapping.md §1.4); the first wins.
                continue;
            }
            var hash = HashOf(document.Body);
            var current = existing.GetValueOrDefault(id);
            if (current is { Status: "active" } && current.ContentHash == hash)
            {
                continue;
            }
            rewritten.Add(
                new OneRosterDocument
                {
                    Id = id,
                    Class = document.Class,
                    SourcedId = document.SourcedId,
                    Status = "active",
                    DateLastModified = now,
                    Kind = document.Kind,
                    ContentHash = hash,
                    Json = Serialize(document.Body, "active", now),
                    EducationOrganizationIds = [.. document.EducationOrganizationIds],
                    MappingVersion = OneRosterMapper.Version,
                }
            );
            written++;
        }

        var retention = TimeSpan.FromDays(options.Value.TombstoneRetentionDays);
        foreach (var (id, current) in existing)
        {
            if (seen.Contains(id))
            {
                continue;
            }
            if (current.Status == "active")
            {
                current.Status = "tobedeleted";
                current.DateLastModified = now;
                current.Json = Restamp(current.Json, "tobedeleted", now);
                session.Store(current);
                tombstoned++;
            }
            else if (now - current.DateLastModified > retention)
            {
                session.Delete(current);
                purged++;
            }
        }
        return new Result(seen.Count, written, tombstoned, purged, TimeSpan.Zero);
    }

    private static string HashOf(JsonObject body) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(body.ToJsonString())));

    /// <summary>The served object: sourcedId, status and dateLastModified first, then the mapped fields.</summary>
    private static string Serialize(JsonObject body, string status, DateTimeOffset dateLastModified)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            if (body["sourcedId"] is { } sourcedId)
            {
                writer.WritePropertyName("sourcedId");
                sourcedId.WriteTo(writer);
            }
            writer.WriteString("status", status);
            writer.WriteString("dateLastModified", Format(dateLastModified));
            foreach (var (name, value) in body)
            {
                if (name is "sourcedId" or "status" or "dateLastModified")
                {
                    continue;
                }
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
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string Restamp(string json, string status, DateTimeOffset dateLastModified)
    {
        var body = JsonNode.Parse(json)!.AsObject();
        return Serialize(body, status, dateLastModified);
    }

    public static string Format(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>
    /// The dateLastModified of this recompute. Recomputes of a tenant are serialized (the advisory lock), so
    /// taking the stamp inside the lock and strictly after the previous one makes stamps follow commit
    /// order, even across instances with skewed clocks: a delta client that has read every document up to
    /// T can never later find one that committed with a stamp at or before T.
    /// </summary>
    private DateTimeOffset NextStamp(DateTimeOffset? previous)
    {
        var now = Truncate(clock.GetUtcNow());
        return previous is { } last && now <= last ? last.AddMilliseconds(1) : now;
    }

    private static DateTimeOffset Truncate(DateTimeOffset value) =>
        new(value.UtcTicks - (value.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);

    private static DateTimeOffset? LastModifiedOf(JsonElement item) =>
        item.ValueKind == JsonValueKind.Object
        && item.TryGetProperty("_lastModifiedDate", out var value)
        && value.ValueKind == JsonValueKind.String
        && DateTimeOffset.TryParse(
            value.GetString(),
            CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal,
            out var parsed
        )
            ? parsed
            : null;

    [LoggerMessage(
        EventId = 2010,
        Level = LogLevel.Information,
        Message = "Recomputed tenant {Tenant}: {Active} documents, {Written} written, {Tombstoned} now tobedeleted, "
            + "{Purged} purged in {ElapsedMs:F0} ms"
    )]
    private partial void LogRecomputed(
        string tenant,
        int active,
        int written,
        int tombstoned,
        int purged,
        double elapsedMs
    );
}
