using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Marten;
using Marten.Services;
using Microsoft.Extensions.Options;
using Npgsql;
using OneRoster.Projections.EdFi;
using OneRoster.Projections.Mapping;
using OneRoster.Projections.Storage;

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

    /// <summary>Where a recompute's time went, step by step, for its log line.</summary>
    private sealed class Stages
    {
        private readonly Dictionary<string, TimeSpan> spent = [];
        private long mark = Stopwatch.GetTimestamp();

        /// <summary>Charges the time since the previous lap to <paramref name="stage"/>.</summary>
        public void Lap(string stage)
        {
            lock (spent)
            {
                var now = Stopwatch.GetTimestamp();
                spent[stage] = spent.GetValueOrDefault(stage) + Stopwatch.GetElapsedTime(mark, now);
                mark = now;
            }
        }

        /// <summary>Charges the time since <paramref name="started"/> to <paramref name="stage"/>, without a lap:
        /// for work that runs beside the lapped steps.</summary>
        public void Add(string stage, long started)
        {
            lock (spent)
            {
                spent[stage] = spent.GetValueOrDefault(stage) + Stopwatch.GetElapsedTime(started);
            }
        }

        public override string ToString()
        {
            lock (spent)
            {
                return string.Join(
                    ", ",
                    spent.Select(s =>
                        string.Create(
                            CultureInfo.InvariantCulture,
                            $"{s.Key} {s.Value.TotalMilliseconds:F0} ms"
                        )
                    )
                );
            }
        }
    }

    /// <param name="unlessWindowInFlight">
    /// Leave the tenant alone when some of its pages belong to a window not completed yet (a recompute not
    /// triggered by a window's completion must not project half a window).
    /// </param>
    /// <param name="unlessBusy">
    /// Leave the tenant alone when another recompute of it runs (a periodic check: the running one, or the
    /// next check, covers what is pending) instead of waiting for it, which can take minutes for a full pass.
    /// </param>
    public async Task<Result> RecomputeAsync(
        string tenant,
        CancellationToken cancellationToken,
        bool unlessWindowInFlight = false,
        bool unlessBusy = false
    )
    {
        // One recompute per tenant at a time, across projector instances: two would race on the same
        // documents and could stamp them out of commit order.
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using (
            var take = new NpgsqlCommand(
                unlessBusy
                    ? "select pg_try_advisory_lock(hashtextextended($1, 0))"
                    : "select true from pg_advisory_lock(hashtextextended($1, 0))",
                connection
            )
        )
        {
            take.Parameters.AddWithValue(LockName(tenant));
            // Waiting for the lock is waiting for the other recompute: no command timeout.
            take.CommandTimeout = 0;
            if (await take.ExecuteScalarAsync(cancellationToken) is not true)
            {
                return new Result(0, 0, 0, 0, TimeSpan.Zero);
            }
        }
        try
        {
            return await RecomputeLockedAsync(tenant, unlessWindowInFlight, cancellationToken);
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

    /// <summary>
    /// A session for a recompute's writes. An incremental recompute may rewrite a few hundred thousand
    /// documents in one commit; the default 30 s command timeout then failed it on a busy machine, and it
    /// failed again on every retry. Recomputes run in the background, one per tenant.
    /// </summary>
    private IDocumentSession WriteSession(string tenant) =>
        store.LightweightSession(new SessionOptions { TenantId = tenant, Timeout = WriteTimeoutSeconds });

    private const int WriteTimeoutSeconds = 600;

    private async Task<Result> RecomputeLockedAsync(
        string tenant,
        bool unlessWindowInFlight,
        CancellationToken cancellationToken
    )
    {
        // Pages applied meanwhile (another instance, the start-up recompute racing a consumer) make the
        // state's save fail on its version; the recompute then starts again from the newer state.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await RecomputeOnceAsync(tenant, unlessWindowInFlight, cancellationToken);
            }
            catch (JasperFx.ConcurrencyException) when (attempt < 5)
            {
                LogStateMoved(tenant, attempt);
            }
        }
    }

    private async Task<Result> RecomputeOnceAsync(
        string tenant,
        bool unlessWindowInFlight,
        CancellationToken cancellationToken
    )
    {
        var started = Stopwatch.GetTimestamp();
        await using var session = WriteSession(tenant);
        var state = await session.LoadAsync<ProjectionState>(ProjectionState.DocumentId, cancellationToken);
        if (state is null || (unlessWindowInFlight && state.WindowInFlight))
        {
            return new Result(0, 0, 0, 0, TimeSpan.Zero);
        }
        var purged = await PurgeExpiredTombstonesAsync(session, cancellationToken);
        var full = state.FullRecomputePending || state.MappingVersion != defaults.MappingVersion;
        if (!full && !state.Pending && purged == 0)
        {
            // A window that changed no record: every document is already what this recompute would give.
            return new Result(0, 0, 0, 0, TimeSpan.Zero);
        }

        var stages = new Stages();
        var partitions = full
            ? null
            : await ExpandAsync(session, tenant, state.PendingKeys, cancellationToken);
        stages.Lap("expand");
        if (partitions is null || partitions.Contains(Partitions.Everything))
        {
            await session.SaveChangesAsync(cancellationToken);
            var pass = await FullPassAsync(tenant, cancellationToken);
            return pass with { Purged = purged, Elapsed = Stopwatch.GetElapsedTime(started) };
        }

        var covered = state.SourceChanges;
        var now = NextStamp(state.LastRecomputedAt);
        var (counts, _) = await RecomputePartitionsAsync(
            session,
            tenant,
            state,
            partitions,
            now,
            stages,
            cancellationToken
        );
        state.RecomputedSourceChanges = covered;
        state.PendingKeys = [];
        state.LastRecomputedAt = now;
        state.DocumentsWritten += counts.Written + counts.Tombstoned;
        session.Store(state);
        await session.SaveChangesAsync(cancellationToken);
        stages.Lap("commit");

        var result = counts with { Purged = purged, Elapsed = Stopwatch.GetElapsedTime(started) };
        LogRecomputed(
            tenant,
            false,
            partitions.Count,
            result.Active,
            result.Written,
            result.Tombstoned,
            result.Purged,
            result.Elapsed.TotalMilliseconds,
            stages
        );
        return result;
    }

    /// <summary>
    /// Recomputes the documents of <paramref name="partitions"/> and stages their writes, stamped
    /// <paramref name="now"/>, in <paramref name="session"/>. Documents are matched by partition, and
    /// by id for those stored under another partition or before partitions existed, so an unchanged
    /// document keeps its dateLastModified wherever it was.
    /// </summary>
    private async Task<(Result Counts, HashSet<string> Written)> RecomputePartitionsAsync(
        IDocumentSession session,
        string tenant,
        ProjectionState state,
        HashSet<string> partitions,
        DateTimeOffset now,
        Stages stages,
        CancellationToken cancellationToken,
        SourceSet? loaded = null,
        bool firstLoad = false
    )
    {
        if (partitions.Count == 0)
        {
            // Only records no document reads changed (calendars, class periods, descriptors).
            return (new Result(0, 0, 0, 0, TimeSpan.Zero), []);
        }
        var major = EdFiResourceCatalog.MajorOf(state.DataStandardVersion);
        var sources = loaded ?? await LoadPartitionSourcesAsync(tenant, partitions, cancellationToken);
        stages.Lap("load sources");
        var projected = OneRosterMapper.Project(
            sources,
            new MappingOptions(major, options.Value.HrefBase, defaults.Table),
            partitions
        );
        stages.Lap("map");
        var existing = firstLoad
            ? new Dictionary<string, StoredDocument>(StringComparer.Ordinal)
            : await LoadStoredAsync(tenant, partitions, projected, cancellationToken);
        stages.Lap("load existing");

        var writes = new List<OneRosterDocument>();
        var counts = await WriteAsync(session, projected, existing, now, writes, cancellationToken);
        // Serializing the rows happens here, not in the commit: counted with the comparison.
        DocumentRows.QueueReplace(session, writes, mayExist: !firstLoad);
        stages.Lap("compare");
        return (counts, [.. writes.Select(d => d.Id)]);
    }

    /// <summary>
    /// Recomputes every partition of the tenant, a chunk at a time, each chunk committed with the pass's
    /// cursor: a pass stopped by a restart resumes after the last committed chunk. Keys of pages applied
    /// while the pass runs stay pending for the incremental recompute after it.
    /// </summary>
    private async Task<Result> FullPassAsync(string tenant, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var stages = new Stages();
        List<string> remaining;
        // A tenant with no document yet (a first load) has nothing to compare with: documents are copied
        // straight into the table. A pass resumed after a crash finds the documents it wrote and compares.
        bool firstLoad;
        await using (var session = store.LightweightSession(tenant))
        {
            var state = (
                await session.LoadAsync<ProjectionState>(ProjectionState.DocumentId, cancellationToken)
            )!;
            if (state.KeysVersion != SourceKeys.Version)
            {
                await BackfillKeysAsync(tenant, state, cancellationToken);
                state.KeysVersion = SourceKeys.Version;
            }
            if (state.FullPassCursor is null)
            {
                // Everything changed so far is covered by this pass.
                state.FullRecomputePending = true;
                state.FullPassCursor = "";
                state.FullPassCoveredChanges = state.SourceChanges;
                state.FullPassDone = 0;
                state.PendingKeys = [];
            }
            var cursor = state.FullPassCursor;
            remaining =
            [
                .. (await ListPartitionsAsync(session, tenant, cancellationToken)).Where(p =>
                    string.CompareOrdinal(p, cursor) > 0
                ),
            ];
            state.FullPassTotal = state.FullPassDone + remaining.Count;
            session.Store(state);
            await session.SaveChangesAsync(cancellationToken);
            firstLoad = !await HasDocumentsAsync(tenant, cancellationToken);
            stages.Lap("list partitions");
        }
        await AnalyzeAsync(SourceTable, cancellationToken);
        stages.Lap("analyze");

        var total = new Result(0, 0, 0, 0, TimeSpan.Zero);
        var chunks = remaining
            .Chunk(Math.Max(1, options.Value.FullPassChunk))
            .Select(chunk => chunk.ToHashSet(StringComparer.Ordinal))
            .ToList();
        if (chunks.Count == 0)
        {
            chunks.Add([]);
        }
        // Three steps at once: the next chunk's records are read, this one is mapped and compared, and the
        // previous one is written and committed. PostgreSQL and this process each keep a core busy instead
        // of taking turns. Writes stay one at a time, in stamp order.
        Task<SourceSet>? reading = null;
        Task<Result>? writing = null;
        DateTimeOffset? stamped = null;
        try
        {
            for (var index = 0; index < chunks.Count; index++)
            {
                var chunk = chunks[index];
                var sources =
                    chunk.Count == 0 ? null
                    : reading is not null ? await reading
                    : await LoadPartitionSourcesAsync(tenant, chunk, cancellationToken);
                reading =
                    index + 1 < chunks.Count
                        ? LoadPartitionSourcesAsync(tenant, chunks[index + 1], cancellationToken)
                        : null;
                var step = await ComputeStepAsync(
                    tenant,
                    chunk,
                    sources,
                    firstLoad,
                    stamped,
                    index == chunks.Count - 1,
                    stages,
                    cancellationToken
                );
                stamped = step.Stamp;
                try
                {
                    if (writing is not null)
                    {
                        var previous = writing;
                        writing = null;
                        total = Add(total, await previous);
                        stages.Lap("wait for the previous write");
                    }
                }
                catch
                {
                    await step.Session.DisposeAsync();
                    throw;
                }
                writing = WriteStepAsync(step, stages, cancellationToken);
            }
            if (writing is not null)
            {
                var previous = writing;
                writing = null;
                total = Add(total, await previous);
            }
        }
        finally
        {
            // A step failed: the read ahead and a write in flight are not needed, only waited for.
            if (reading is not null)
            {
                await ((Task)reading).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
            if (writing is not null)
            {
                await ((Task)writing).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }

        if (firstLoad)
        {
            // The API plans its first reads on these statistics; autovacuum may take a while to gather them.
            await AnalyzeAsync(DocumentTable, cancellationToken);
            stages.Lap("analyze");
        }
        var result = total with { Elapsed = Stopwatch.GetElapsedTime(started) };
        LogRecomputed(
            tenant,
            true,
            remaining.Count,
            result.Active,
            result.Written,
            result.Tombstoned,
            result.Purged,
            result.Elapsed.TotalMilliseconds,
            stages
        );
        return result;
    }

    private static Result Add(Result total, Result counts) =>
        new(
            total.Active + counts.Active,
            total.Written + counts.Written,
            total.Tombstoned + counts.Tombstoned,
            0,
            TimeSpan.Zero
        );

    /// <summary>One step of a full pass, computed: what its session will commit, and the ids it writes.</summary>
    private sealed record Step(
        IDocumentSession Session,
        HashSet<string> Chunk,
        bool Last,
        Result Counts,
        DateTimeOffset Stamp,
        HashSet<string> Written
    );

    /// <summary>
    /// Maps and compares one step of a full pass. Its stamps follow those of the step before it, which may
    /// not be committed yet (it is written meanwhile), so the state's last stamp is not enough.
    /// </summary>
    private async Task<Step> ComputeStepAsync(
        string tenant,
        HashSet<string> chunk,
        SourceSet? sources,
        bool firstLoad,
        DateTimeOffset? stamped,
        bool last,
        Stages stages,
        CancellationToken cancellationToken
    )
    {
        var session = WriteSession(tenant);
        try
        {
            var state = (
                await session.LoadAsync<ProjectionState>(ProjectionState.DocumentId, cancellationToken)
            )!;
            var now = NextStamp(
                stamped is { } previous && (state.LastRecomputedAt is not { } saved || previous > saved)
                    ? previous
                    : state.LastRecomputedAt
            );
            var (counts, written) = await RecomputePartitionsAsync(
                session,
                tenant,
                state,
                chunk,
                now,
                stages,
                cancellationToken,
                sources,
                firstLoad
            );
            return new Step(session, chunk, last, counts, now, written);
        }
        catch
        {
            await session.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Commits one computed step of a full pass: its staged writes and the pass's cursor, in one
    /// transaction (the state is read again here, as pages may have been applied since).
    /// </summary>
    private async Task<Result> WriteStepAsync(Step step, Stages stages, CancellationToken cancellationToken)
    {
        await using var session = step.Session;
        var started = Stopwatch.GetTimestamp();
        var counts = step.Counts;
        var state = (
            await session.LoadAsync<ProjectionState>(ProjectionState.DocumentId, cancellationToken)
        )!;
        if (step.Last)
        {
            counts = counts with
            {
                Tombstoned =
                    counts.Tombstoned
                    + await RetireUnpartitionedAsync(session, step.Stamp, step.Written, cancellationToken),
            };
            state.FullRecomputePending = false;
            state.FullPassCursor = null;
            state.MappingVersion = defaults.MappingVersion;
            state.RecomputedSourceChanges = Math.Max(
                state.RecomputedSourceChanges,
                state.FullPassCoveredChanges
            );
        }
        else
        {
            state.FullPassCursor = step.Chunk.Max(StringComparer.Ordinal);
        }
        state.FullPassDone += step.Chunk.Count;
        state.LastRecomputedAt = step.Stamp;
        state.DocumentsWritten += counts.Written + counts.Tombstoned;
        session.Store(state);
        await session.SaveChangesAsync(cancellationToken);
        stages.Add("write and commit", started);
        return counts;
    }

    /// <summary>Every partition the source store feeds or a stored document belongs to, in ordinal order.</summary>
    private static async Task<List<string>> ListPartitionsAsync(
        IQuerySession session,
        string tenant,
        CancellationToken cancellationToken
    )
    {
        var fed = await session.AdvancedSql.QueryAsync<string>(
            "select distinct k from "
                + SourceTable
                + " r, unnest(r.keys) k where r.tenant_id = ? and (k = ? or starts_with(k, ?) or starts_with(k, ?)"
                + " or starts_with(k, ?) or starts_with(k, ?))",
            cancellationToken,
            tenant,
            Partitions.Global,
            Partitions.ClassPrefix,
            Partitions.StudentPrefix,
            Partitions.StaffPrefix,
            Partitions.ContactPrefix
        );
        var served = await session.AdvancedSql.QueryAsync<string>(
            "select distinct partition from "
                + DocumentTable
                + " where tenant_id = ? and partition is not null and status = 'active'",
            cancellationToken,
            tenant
        );
        // Orgs come from schools and agencies, which carry the "everything" key: the global partition is
        // always there.
        return
        [
            .. fed.Union(served)
                .Append(Partitions.Global)
                .Distinct(StringComparer.Ordinal)
                .Order(StringComparer.Ordinal),
        ];
    }

    private const string DocumentTable = ProjectionStore.Schema + ".mt_doc_onerosterdocument";

    /// <summary>Documents stored before partitions existed that no partition produced any more.</summary>
    private static async Task<int> RetireUnpartitionedAsync(
        IDocumentSession session,
        DateTimeOffset now,
        HashSet<string> written,
        CancellationToken cancellationToken
    )
    {
        // The documents this step writes are still only queued: stored before partitions existed, they
        // are found here without a partition, yet the step gives them theirs.
        var orphans = (
            await session
                .Query<OneRosterDocument>()
                .Where(d => d.Partition == null && d.Status == "active")
                .ToListAsync(cancellationToken)
        )
            .Where(d => !written.Contains(d.Id))
            .ToList();
        foreach (var orphan in orphans)
        {
            orphan.Status = "tobedeleted";
            orphan.DateLastModified = now;
            orphan.Json = Restamp(orphan.Json, "tobedeleted", now);
        }
        DocumentRows.QueueReplace(session, orphans);
        return orphans.Count;
    }

    /// <summary>
    /// Gives every live record the keys of the current rules (records stored by an older version have none
    /// or older ones), a batch at a time.
    /// </summary>
    private async Task BackfillKeysAsync(
        string tenant,
        ProjectionState state,
        CancellationToken cancellationToken
    )
    {
        var major = EdFiResourceCatalog.MajorOf(state.DataStandardVersion);
        var after = "";
        while (true)
        {
            await using var session = store.LightweightSession(tenant);
            var batch = await session
                .Query<SourceRecord>()
                .Where(r => !r.Deleted && r.Id.CompareTo(after) > 0)
                .OrderBy(r => r.Id)
                .Take(5000)
                .ToListAsync(cancellationToken);
            if (batch.Count == 0)
            {
                return;
            }
            foreach (var record in batch)
            {
                var keys = SourceKeys.Of(record.Resource, ToItem(record).Data, major);
                if (!keys.SequenceEqual(record.Keys, StringComparer.Ordinal))
                {
                    record.Keys = [.. keys];
                    session.Store(record);
                }
            }
            await session.SaveChangesAsync(cancellationToken);
            after = batch[^1].Id;
        }
    }

    /// <summary>
    /// The partitions the pending keys reach (mapping.md §3), following lookups through the source store's
    /// key index until no new key appears. Contains <see cref="Partitions.Everything"/> when a school,
    /// education agency or descriptor mapping changed.
    /// </summary>
    private static async Task<HashSet<string>> ExpandAsync(
        IQuerySession session,
        string tenant,
        IEnumerable<string> pendingKeys,
        CancellationToken cancellationToken
    )
    {
        var partitions = new HashSet<string>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var frontier = pendingKeys.Where(seen.Add).ToList();
        while (frontier.Count > 0)
        {
            var lookups = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            foreach (var key in frontier)
            {
                var (direct, follow) = Partitions.FanOut(key);
                partitions.UnionWith(direct);
                foreach (var (find, prefix) in follow)
                {
                    if (!lookups.TryGetValue(prefix, out var finds))
                    {
                        finds = [];
                        lookups[prefix] = finds;
                    }
                    finds.Add(find);
                }
            }
            if (partitions.Contains(Partitions.Everything))
            {
                return partitions;
            }
            frontier = [];
            foreach (var (prefix, finds) in lookups)
            {
                // One index probe per key, as in LoadPartitionSourcesAsync: `keys && <array>` checked every
                // candidate row against the whole array, and 6,000 changed students took 18 s to expand.
                var found = await session.AdvancedSql.QueryAsync<string>(
                    "select distinct k from unnest(?::text[]) f(key) cross join lateral (select r.keys from "
                        + SourceTable
                        + " r where r.tenant_id = ? and r.keys @> array[f.key]) r, unnest(r.keys) k"
                        + " where starts_with(k, ?)",
                    cancellationToken,
                    finds.ToArray(),
                    tenant,
                    prefix
                );
                frontier.AddRange(found.Where(seen.Add));
            }
        }
        return partitions;
    }

    private const string SourceTable = ProjectionStore.Schema + ".mt_doc_sourcerecord";

    /// <summary>
    /// Every live record the partitions read: their own records, then, hop by hop, the records those lead to
    /// (a section's offering and course, the person records that gate enrollments, a contact's students'
    /// associations), plus the schools, agencies and descriptor mappings every mapping reads.
    /// </summary>
    private async Task<SourceSet> LoadPartitionSourcesAsync(
        string tenant,
        IReadOnlySet<string> partitions,
        CancellationToken cancellationToken
    )
    {
        var items = new List<SourceItem>();
        var records = new HashSet<string>(StringComparer.Ordinal);
        var loaded = new HashSet<string>(StringComparer.Ordinal);
        var frontier = new HashSet<string>(partitions, StringComparer.Ordinal) { Partitions.Everything };
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        while (frontier.Count > 0)
        {
            loaded.UnionWith(frontier);
            // One index probe per key: `keys && <array>` checks every candidate row against the whole array
            // (a few thousand keys made it cost seconds), while `keys @> array[k]` costs one lookup each.
            // Tombstoned records have no keys, so only live ones come back. A record reached through
            // several keys comes back once per key.
            await using var command = new NpgsqlCommand(
                "select r.id, r.data ->> 'Resource', r.data ->> 'NaturalKey', r.data ->> 'Json', "
                    + "(r.data ->> 'FirstSeenChangeVersion')::bigint, r.keys from unnest($2::text[]) u(k) "
                    + "cross join lateral (select s.id, s.data, s.keys from "
                    + SourceTable
                    + " s where s.tenant_id = $1 and s.keys @> array[u.k]) r",
                connection
            );
            command.Parameters.AddWithValue(tenant);
            command.Parameters.AddWithValue(frontier.ToArray());
            frontier = new HashSet<string>(StringComparer.Ordinal);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                if (!records.Add(reader.GetString(0)) || reader.IsDBNull(3))
                {
                    continue;
                }
                items.Add(
                    ItemOf(reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetInt64(4))
                );
                foreach (var key in reader.GetFieldValue<string[]>(5))
                {
                    if (Partitions.NextHop(key) is { } hop && !loaded.Contains(hop))
                    {
                        frontier.Add(hop);
                    }
                }
            }
        }
        return new SourceSet(items);
    }

    private static SourceItem ToItem(SourceRecord record) =>
        ItemOf(record.Resource, record.NaturalKey, record.Json!, record.FirstSeenChangeVersion);

    // Stored records were parsed when their page was applied, so they are valid JSON.
    private static SourceItem ItemOf(string resource, string naturalKey, string json, long firstSeen)
    {
        var data = JsonSerializer.Deserialize<JsonElement>(json, ItemJson.SerializerOptions);
        return new SourceItem(resource, naturalKey, data, firstSeen, LastModifiedOf(data));
    }

    /// <summary>
    /// Fresh planner statistics for <paramref name="table"/> when a tenth of it changed since they were
    /// taken. A pass reads the source store by key, one index probe per key; on statistics that still
    /// describe a nearly empty table (autovacuum had not analyzed it since the load), PostgreSQL scanned the
    /// tenant's records for every key instead: a 5,000-student first pass once read its sources for 65 s
    /// instead of half a second. Skipped when autovacuum holds the table; a failure only costs speed.
    /// </summary>
    private async Task AnalyzeAsync(string table, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using (
                var stale = new NpgsqlCommand(
                    "select coalesce((select n_mod_since_analyze > greatest(1000, n_live_tup / 10)"
                        + " from pg_stat_user_tables where relid = $1::regclass), false)",
                    connection
                )
            )
            {
                stale.Parameters.AddWithValue(table);
                if (await stale.ExecuteScalarAsync(cancellationToken) is not true)
                {
                    return;
                }
            }
            await using var analyze = new NpgsqlCommand("analyze (skip_locked) " + table, connection);
            analyze.CommandTimeout = 0;
            await analyze.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException ex)
        {
            LogAnalyzeFailed(table, ex.MessageText);
        }
    }

    private async Task<bool> HasDocumentsAsync(string tenant, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "select exists (select 1 from " + DocumentTable + " where tenant_id = $1)"
        );
        command.Parameters.AddWithValue(tenant);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>Deletes the tombstones older than the retention period, whatever partition they are in.</summary>
    private async Task<int> PurgeExpiredTombstonesAsync(
        IDocumentSession session,
        CancellationToken cancellationToken
    )
    {
        var expiredBefore = clock.GetUtcNow() - TimeSpan.FromDays(options.Value.TombstoneRetentionDays);
        var expired = await session
            .Query<OneRosterDocument>()
            .Where(d => d.Status == "tobedeleted" && d.DateLastModified < expiredBefore)
            .ToListAsync(cancellationToken);
        foreach (var document in expired)
        {
            session.Delete(document);
        }
        return expired.Count;
    }

    /// <summary>What the comparison needs of a stored document; the whole of it is loaded only to change it.</summary>
    private sealed record StoredDocument(string Status, string? ContentHash, string? Partition);

    /// <summary>
    /// The stored documents of <paramref name="partitions"/>, and, while documents stored before partitions
    /// existed remain, those with the ids of <paramref name="projected"/> (a document's partition follows
    /// from its identity, so otherwise it is always found under its own).
    /// </summary>
    private async Task<Dictionary<string, StoredDocument>> LoadStoredAsync(
        string tenant,
        HashSet<string> partitions,
        IReadOnlyList<ProjectedDocument> projected,
        CancellationToken cancellationToken
    )
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        bool unpartitioned;
        await using (
            var probe = new NpgsqlCommand(
                "select exists (select 1 from "
                    + DocumentTable
                    + " where tenant_id = $1 and partition is null)",
                connection
            )
        )
        {
            probe.Parameters.AddWithValue(tenant);
            unpartitioned = (bool)(await probe.ExecuteScalarAsync(cancellationToken))!;
        }
        await using var command = new NpgsqlCommand(
            "select id, data ->> 'Status', data ->> 'ContentHash', partition from "
                + DocumentTable
                + " where tenant_id = $1 and (partition = any($2)"
                + (unpartitioned ? " or id = any($3))" : ")"),
            connection
        );
        command.Parameters.AddWithValue(tenant);
        command.Parameters.AddWithValue(partitions.ToArray());
        if (unpartitioned)
        {
            command.Parameters.AddWithValue(
                projected.Select(d => OneRosterDocument.IdOf(d.Class, d.SourcedId)).ToArray()
            );
        }
        var stored = new Dictionary<string, StoredDocument>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            stored[reader.GetString(0)] = new StoredDocument(
                reader.GetString(1),
                reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3)
            );
        }
        return stored;
    }

    /// <summary>
    /// Compares the projection with the stored documents: new and changed ones, the tombstones of those no
    /// longer derived and the unchanged ones found under another partition go to <paramref name="writes"/>.
    /// </summary>
    private static async Task<Result> WriteAsync(
        IDocumentSession session,
        IReadOnlyList<ProjectedDocument> projected,
        Dictionary<string, StoredDocument> existing,
        DateTimeOffset now,
        List<OneRosterDocument> writes,
        CancellationToken cancellationToken
    )
    {
        int written = 0;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var repartitioned = new Dictionary<string, string>(StringComparer.Ordinal);
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
                if (current.Partition != document.Partition)
                {
                    // Stored before partitions existed: same content, so the same dateLastModified.
                    repartitioned[id] = document.Partition;
                }
                continue;
            }
            writes.Add(
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
                    Partition = document.Partition,
                }
            );
            written++;
        }

        var retired = existing
            .Where(e => !seen.Contains(e.Key) && e.Value.Status == "active")
            .Select(e => e.Key)
            .ToList();
        if (retired.Count + repartitioned.Count == 0)
        {
            return new Result(seen.Count, written, 0, 0, TimeSpan.Zero);
        }
        var changing = await session.LoadManyAsync<OneRosterDocument>(
            cancellationToken,
            retired.Concat(repartitioned.Keys)
        );
        var tombstoned = 0;
        foreach (var current in changing)
        {
            if (repartitioned.TryGetValue(current.Id, out var partition))
            {
                current.Partition = partition;
            }
            else
            {
                current.Status = "tobedeleted";
                current.DateLastModified = now;
                current.Json = Restamp(current.Json, "tobedeleted", now);
                tombstoned++;
            }
            writes.Add(current);
        }
        return new Result(seen.Count, written, tombstoned, 0, TimeSpan.Zero);
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
        Message = "Recomputed tenant {Tenant} (full pass: {FullPass}, {Partitions} partitions): {Active} documents, {Written} written, "
            + "{Tombstoned} now tobedeleted, {Purged} purged in {ElapsedMs:F0} ms ({Stages})"
    )]
    private partial void LogRecomputed(
        string tenant,
        bool fullPass,
        int partitions,
        int active,
        int written,
        int tombstoned,
        int purged,
        double elapsedMs,
        Stages stages
    );

    [LoggerMessage(
        EventId = 2013,
        Level = LogLevel.Information,
        Message = "Tenant {Tenant}'s projection state moved during recompute attempt {Attempt}; recomputing again"
    )]
    private partial void LogStateMoved(string tenant, int attempt);

    [LoggerMessage(
        EventId = 2018,
        Level = LogLevel.Warning,
        Message = "Could not analyze {Table} before a full pass (its plans may be slow): {Reason}"
    )]
    private partial void LogAnalyzeFailed(string table, string reason);
}
