using System.Text.Json;
using Marten;
using OneRoster.Projections.Contracts;
using OneRoster.Projections.EdFi;
using OneRoster.Projections.Mapping;
using OneRoster.Projections.Storage;

namespace OneRoster.Projections.Projector;

/// <summary>
/// Applies one page of Ed-Fi changes to the source store. The window's upper bound stamps every write:
/// a record is never overwritten by a page from an older window, and records are matched by natural key,
/// not by Ed-Fi id. Inside one window an upsert wins over a delete or key change of the same natural key,
/// whichever arrives first: a window lists items as they are at its end, so a listed item is alive then
/// (its key changed away and back, or it was deleted and re-created and the ODS did not hide the delete,
/// which it fails to do when the key holds a re-created descriptor). A delete that arrives before any
/// upsert of its record still leaves a tombstone, so an older upsert arriving late cannot resurrect it.
/// </summary>
public sealed class SourceStoreApplier(IDocumentStore store, Quarantine quarantine, TimeProvider clock)
{
    /// <param name="Applied">Records whose content changed.</param>
    /// <param name="Unchanged">Records read again as they were stored; only their window stamp moved.</param>
    /// <param name="Skipped">Changes older than what is stored.</param>
    public sealed record Outcome(int Applied, int Unchanged, int Skipped, int Quarantined);

    private enum Effect
    {
        Skipped,
        Unchanged,
        Changed,
    }

    public async Task<Outcome> ApplyAsync(EdFiChangePageV1 page, CancellationToken cancellationToken)
    {
        // A recompute (or another instance) saved the tenant's state in between: apply the page again
        // on the newer state. Applying a page twice is safe, its window stamps make the second a no-op
        // for what the first wrote.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await ApplyOnceAsync(page, cancellationToken);
            }
            catch (JasperFx.ConcurrencyException) when (attempt < 10)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(20 * attempt), cancellationToken);
            }
        }
    }

    private async Task<Outcome> ApplyOnceAsync(EdFiChangePageV1 page, CancellationToken cancellationToken)
    {
        var major = EdFiResourceCatalog.MajorOf(page.DataStandardVersion);
        var resource = EdFiResourceCatalog.Find(major, page.Resource);
        await using var session = store.LightweightSession(page.Tenant);
        if (resource is null)
        {
            foreach (var raw in page.Items)
            {
                quarantine.Add(session, page, raw, "resource is not one the projections read");
            }
            await session.SaveChangesAsync(cancellationToken);
            return new Outcome(0, 0, 0, page.Items.Count);
        }

        var parsed = Parse(session, page, resource, major);
        var ids = parsed
            .SelectMany(p => p.Keys)
            .Select(k => SourceRecord.IdOf(resource.Name, k))
            .Distinct()
            .ToList();
        var stored = (await session.LoadManyAsync<SourceRecord>(cancellationToken, ids)).ToDictionary(r =>
            r.Id
        );
        var byEdFiId = await LoadByEdFiIdAsync(session, resource.Name, parsed, stored, cancellationToken);

        var touched = new HashSet<string>(StringComparer.Ordinal);
        var writes = new Dictionary<string, SourceRecord>(StringComparer.Ordinal);
        var effects = parsed
            .Select(change => Apply(writes, page, resource.Name, change, stored, byEdFiId, touched))
            .ToList();
        QueueUpserts(session, [.. writes.Values]);
        var applied = effects.Count(e => e == Effect.Changed);

        // A window that only re-read records as they were (its overlap with the previous one, a redelivered
        // page) changes no document, so it asks for no recompute.
        if (applied > 0)
        {
            await MarkPendingAsync(session, page, touched, cancellationToken);
        }
        await session.SaveChangesAsync(cancellationToken);
        return new Outcome(
            applied,
            effects.Count(e => e == Effect.Unchanged),
            effects.Count(e => e == Effect.Skipped),
            page.Items.Count - parsed.Count
        );
    }

    /// <param name="SourceKeys">For upserts, what the new content feeds (SourceKeys in the mapping project).</param>
    private sealed record Change(
        string? EdFiId,
        string? OldKey,
        string? NewKey,
        string? Json,
        IReadOnlyList<string>? SourceKeys = null
    )
    {
        public IEnumerable<string> Keys => new[] { OldKey, NewKey }.OfType<string>();
    }

    private List<Change> Parse(
        IDocumentSession session,
        EdFiChangePageV1 page,
        EdFiResource resource,
        int major
    )
    {
        var changes = new List<Change>(page.Items.Count);
        foreach (var raw in page.Items)
        {
            try
            {
                using var document = JsonDocument.Parse(raw, ItemJson.Options);
                var root = document.RootElement;
                var edFiId =
                    root.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String
                        ? id.GetString()
                        : null;
                var change = page.Kind switch
                {
                    ChangeKind.Upserts => new Change(
                        edFiId,
                        null,
                        EdFiResourceCatalog.NaturalKeyOfItem(resource, root),
                        raw,
                        SourceKeys.Of(resource.Name, root, major)
                    ),
                    ChangeKind.Deletes => new Change(edFiId, KeyOf(resource, root, "keyValues"), null, null),
                    _ => new Change(
                        edFiId,
                        KeyOf(resource, root, "oldKeyValues"),
                        KeyOf(resource, root, "newKeyValues"),
                        null
                    ),
                };
                var complete = page.Kind switch
                {
                    ChangeKind.Upserts => change.NewKey is not null,
                    ChangeKind.Deletes => change.OldKey is not null || edFiId is not null,
                    _ => change.OldKey is not null && change.NewKey is not null,
                };
                if (complete)
                {
                    changes.Add(change);
                }
                else
                {
                    quarantine.Add(session, page, raw, "natural key is incomplete");
                }
            }
            catch (JsonException ex)
            {
                quarantine.Add(session, page, raw, "not valid JSON: " + ex.Message);
            }
        }
        return changes;
    }

    private static string? KeyOf(EdFiResource resource, JsonElement row, string property) =>
        row.TryGetProperty(property, out var values) && values.ValueKind == JsonValueKind.Object
            ? EdFiResourceCatalog.NaturalKeyOfKeyValues(resource, values)
            : null;

    // A live record whose Ed-Fi id reappears under another natural key had its key changed
    // (or was deleted and re-created); the id lookup also resolves deletes that carry no key values.
    // Records also loaded by key are the same objects here, so every change of the page sees the others.
    private static async Task<Dictionary<string, List<SourceRecord>>> LoadByEdFiIdAsync(
        IDocumentSession session,
        string resource,
        List<Change> changes,
        Dictionary<string, SourceRecord> stored,
        CancellationToken cancellationToken
    )
    {
        var edFiIds = changes.Select(c => c.EdFiId).OfType<string>().Distinct().ToList();
        if (edFiIds.Count == 0)
        {
            return [];
        }
        var records = await HoldersOf(session, resource, edFiIds).ToListAsync(cancellationToken);
        return records
            .Select(r => stored.TryGetValue(r.Id, out var same) ? same : stored[r.Id] = r)
            .GroupBy(r => r.EdFiId!)
            .ToDictionary(g => g.Key, g => g.ToList());
    }

    /// <summary>The live records of <paramref name="resource"/> holding one of <paramref name="edFiIds"/>.</summary>
    public static IQueryable<SourceRecord> HoldersOf(
        IQuerySession session,
        string resource,
        IList<string> edFiIds
    ) =>
        session
            .Query<SourceRecord>()
            .Where(r => r.Resource == resource && r.EdFiId!.IsOneOf(edFiIds) && !r.Deleted);

    /// <summary>
    /// Retires every live record still holding <paramref name="edFiId"/> under a key other than
    /// <paramref name="keepId"/>, when an older window wrote it. The Ed-Fi id names one ODS row whatever its key:
    /// a window that overlaps the previous one re-reads key changes already applied, and /keyChanges merges them
    /// per row (old key = before the first change in the window), so the old key, or a delete's key, can differ
    /// from the key the store last saw for that row.
    /// </summary>
    private static bool RetireOtherKeys(
        Dictionary<string, SourceRecord> writes,
        EdFiChangePageV1 page,
        string? edFiId,
        string? keepId,
        Dictionary<string, List<SourceRecord>> byEdFiId,
        DateTimeOffset now,
        HashSet<string> touched
    )
    {
        if (edFiId is null || !byEdFiId.TryGetValue(edFiId, out var holders))
        {
            return false;
        }
        var retired = false;
        foreach (
            var holder in holders.Where(h =>
                h.Id != keepId
                && !h.Deleted
                && h.EdFiId == edFiId
                && h.CompareStamp(page.Epoch, page.MaxChangeVersion) < 0
            )
        )
        {
            touched.UnionWith(holder.Keys);
            Retire(writes, holder, page.Epoch, page.MaxChangeVersion, now);
            retired = true;
        }
        return retired;
    }

    private Effect Apply(
        Dictionary<string, SourceRecord> writes,
        EdFiChangePageV1 page,
        string resource,
        Change change,
        Dictionary<string, SourceRecord> stored,
        Dictionary<string, List<SourceRecord>> byEdFiId,
        HashSet<string> touched
    )
    {
        var version = page.MaxChangeVersion;
        var now = clock.GetUtcNow();
        switch (page.Kind)
        {
            case ChangeKind.Upserts:
            {
                var id = SourceRecord.IdOf(resource, change.NewKey!);
                var existing = stored.GetValueOrDefault(id);
                if (existing is not null && existing.CompareStamp(page.Epoch, version) > 0)
                {
                    return Effect.Skipped;
                }
                var effect =
                    existing is { Deleted: false } && existing.Json == change.Json
                        ? Effect.Unchanged
                        : Effect.Changed;
                if (change.EdFiId is not null && byEdFiId.TryGetValue(change.EdFiId, out var holders))
                {
                    foreach (
                        var moved in holders.Where(m =>
                            m.Id != id
                            && !m.Deleted
                            && m.EdFiId == change.EdFiId
                            && m.CompareStamp(page.Epoch, version) <= 0
                        )
                    )
                    {
                        touched.UnionWith(moved.Keys);
                        Retire(writes, moved, page.Epoch, version, now);
                        effect = Effect.Changed;
                    }
                }
                var record = existing
                    ?? new SourceRecord
                    {
                        Id = id,
                        Resource = resource,
                        NaturalKey = change.NewKey!,
                    };
                var wasAlive = existing is { Deleted: false };
                if (effect == Effect.Changed)
                {
                    // A person record that stays alive gates its enrollments just as before: its
                    // existence keys lead nowhere new (a first-name change recomputes the person, not
                    // every class the person is in).
                    var staying = wasAlive
                        ? record.Keys.Intersect(change.SourceKeys!).Where(Partitions.ReadsOnlyExistence)
                        : [];
                    touched.UnionWith(record.Keys.Concat(change.SourceKeys!).Except(staying));
                }
                record.Keys = [.. change.SourceKeys!];
                record.EdFiId = change.EdFiId;
                record.Json = change.Json;
                record.Deleted = false;
                record.ChangeVersion = version;
                record.Epoch = page.Epoch;
                record.FirstSeenChangeVersion = wasAlive ? record.FirstSeenChangeVersion : version;
                record.StoredAt = now;
                stored[id] = record;
                writes[id] = record;
                return effect;
            }
            case ChangeKind.Deletes:
            {
                var retired = RetireOtherKeys(
                    writes,
                    page,
                    change.EdFiId,
                    keepId: null,
                    byEdFiId,
                    now,
                    touched
                );
                if (change.OldKey is null)
                {
                    return retired ? Effect.Changed : Effect.Skipped;
                }
                var existing = stored.GetValueOrDefault(SourceRecord.IdOf(resource, change.OldKey));
                if (existing is null)
                {
                    // Remember the delete so that an older upsert arriving late cannot resurrect the record.
                    existing = new SourceRecord
                    {
                        Id = SourceRecord.IdOf(resource, change.OldKey),
                        Resource = resource,
                        NaturalKey = change.OldKey,
                    };
                    stored[existing.Id] = existing;
                }
                if (existing.CompareStamp(page.Epoch, version) >= 0)
                {
                    return retired ? Effect.Changed : Effect.Skipped;
                }
                touched.UnionWith(existing.Keys);
                Retire(writes, existing, page.Epoch, version, now);
                return Effect.Changed;
            }
            default:
            {
                // The record under its new key arrives with the same window's upserts.
                var newId = SourceRecord.IdOf(resource, change.NewKey!);
                var retired = RetireOtherKeys(writes, page, change.EdFiId, newId, byEdFiId, now, touched);
                var existing = stored.GetValueOrDefault(SourceRecord.IdOf(resource, change.OldKey!));
                if (existing is null || existing.Deleted || existing.CompareStamp(page.Epoch, version) >= 0)
                {
                    return retired ? Effect.Changed : Effect.Skipped;
                }
                // The record under its new key arrives with the same window's upserts.
                touched.UnionWith(existing.Keys);
                Retire(writes, existing, page.Epoch, version, now);
                return Effect.Changed;
            }
        }
    }

    public static void Tombstone(
        IDocumentSession session,
        SourceRecord record,
        long epoch,
        long version,
        DateTimeOffset now
    )
    {
        MarkDeleted(record, epoch, version, now);
        session.Store(record);
    }

    private static void Retire(
        Dictionary<string, SourceRecord> writes,
        SourceRecord record,
        long epoch,
        long version,
        DateTimeOffset now
    )
    {
        MarkDeleted(record, epoch, version, now);
        writes[record.Id] = record;
    }

    private static void MarkDeleted(SourceRecord record, long epoch, long version, DateTimeOffset now)
    {
        record.Deleted = true;
        record.Json = null;
        record.Keys = [];
        record.Epoch = epoch;
        record.ChangeVersion = version;
        record.StoredAt = now;
    }

    private const string RecordTable = ProjectionStore.Schema + ".mt_doc_sourcerecord";

    /// <summary>
    /// Writes the page's records with one statement in the session's transaction, as Marten would store
    /// them (its serializer, its columns): Marten upserts a document per function call, and 500 of those
    /// were most of a page's time. The duplicated columns are read back from the serialized record.
    /// </summary>
    private void QueueUpserts(IDocumentSession session, List<SourceRecord> records)
    {
        if (records.Count == 0)
        {
            return;
        }
        var serializer = store.Options.Serializer();
        session.QueueSqlCommand(
            "insert into "
                + RecordTable
                + " as t (tenant_id, id, data, mt_dotnet_type, resource, ed_fi_id, keys, mt_last_modified,"
                + " mt_version) select ?, r.id, r.data, ?, r.data ->> 'Resource', r.data ->> 'EdFiId',"
                + " array(select jsonb_array_elements_text(r.data -> 'Keys')), transaction_timestamp(),"
                + " md5(random()::text || clock_timestamp()::text)::uuid"
                + " from unnest(?::text[], ?::text[]::jsonb[]) r(id, data)"
                + " on conflict (tenant_id, id) do update set data = excluded.data,"
                + " mt_dotnet_type = excluded.mt_dotnet_type, resource = excluded.resource,"
                + " ed_fi_id = excluded.ed_fi_id, keys = excluded.keys,"
                + " mt_last_modified = excluded.mt_last_modified, mt_version = excluded.mt_version",
            session.TenantId,
            typeof(SourceRecord).FullName!,
            records.Select(r => r.Id).ToArray(),
            records.Select(serializer.ToJson).ToArray()
        );
    }

    // Counted in the same transaction as the records, so a recompute can tell what it has covered.
    private static async Task MarkPendingAsync(
        IDocumentSession session,
        EdFiChangePageV1 page,
        IEnumerable<string> touched,
        CancellationToken cancellationToken
    )
    {
        var state = await session.LoadAsync<ProjectionState>(ProjectionState.DocumentId, cancellationToken)
            ?? new ProjectionState { Tenant = page.Tenant, KeysVersion = SourceKeys.Version };
        state.DataStandardVersion = page.DataStandardVersion;
        state.SourceChanges++;
        state.AddPendingKeys(touched);
        state.PageApplied(page.Epoch, page.MaxChangeVersion);
        session.Store(state);
    }
}
