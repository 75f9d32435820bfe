using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Marten;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using OneRoster.Projections.EdFi;
using OneRoster.Projections.Mapping;
using OneRoster.Projections.Projector;
using OneRoster.Projections.Storage;

namespace OneRoster.Projections.Benchmarks;

/// <summary>
/// Replay: <see cref="ProjectionWriter.RecomputeAsync"/> in this process on a synced store (the services
/// stopped), once with nothing to write and once with every document to rewrite, as after a mapping
/// change that touches all of them; then the same steps one by one, timed.
/// </summary>
internal static class Replay
{
    public static async Task<int> RunAsync(Arguments arguments)
    {
        var postgres = arguments.Text("postgres");
        var tenant = arguments.Text("tenant", "default");
        var hrefBase = arguments.Text("href-base", "http://127.0.0.1:8080/ims/oneroster/rostering/v1p2");
        using var store = DocumentStore.For(o => ProjectionStore.Configure(o, postgres));
        await using var dataSource = NpgsqlDataSource.Create(postgres);
        var options = Options.Create(new ProjectorOptions { HrefBase = hrefBase });
        var defaults = new DescriptorMappingDefaults(options);
        // The writer's log lines (with its steps' timings) on standard error, beside the progress.
        using var logging = LoggerFactory.Create(builder =>
            builder.AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace)
        );
        var writer = new ProjectionWriter(
            store,
            dataSource,
            options,
            defaults,
            TimeProvider.System,
            logging.CreateLogger<ProjectionWriter>()
        );

        if (arguments.Text("only", "") == "incremental")
        {
            await IncrementalAsync(store, writer, tenant, arguments.Int("students-changed", 50), 5, false);
            await IncrementalAsync(store, writer, tenant, arguments.Int("students-changed", 50), 5, true);
            return 0;
        }
        if (arguments.Text("only", "") == "rewrite")
        {
            await MakeEveryHashStaleAsync(dataSource, tenant);
            await RequestFullPassAsync(store, tenant);
            await writer.RecomputeAsync(tenant, CancellationToken.None);
            return 0;
        }
        if (arguments.Text("only", "") == "full")
        {
            await RequestFullPassAsync(store, tenant);
            await writer.RecomputeAsync(tenant, CancellationToken.None);
            return 0;
        }
        Markdown.Progress("Replay with nothing to write…");
        await RequestFullPassAsync(store, tenant);
        var unchanged = await writer.RecomputeAsync(tenant, CancellationToken.None);
        Markdown.Progress("Replay that rewrites every document…");
        await MakeEveryHashStaleAsync(dataSource, tenant);
        await RequestFullPassAsync(store, tenant);
        var rewrite = await writer.RecomputeAsync(tenant, CancellationToken.None);
        Markdown.Progress("Incremental recomputes after changes to some students…");
        var incremental = await IncrementalAsync(
            store,
            writer,
            tenant,
            arguments.Int("students-changed", 50),
            5,
            existenceChanged: true
        );
        var renamed = await IncrementalAsync(
            store,
            writer,
            tenant,
            arguments.Int("students-changed", 50),
            5,
            existenceChanged: false
        );
        Markdown.Progress("The same steps one by one…");
        var phases = await PhasesAsync(store, tenant, new MappingOptions(5, hrefBase, defaults.Table));

        Markdown.Heading("Replay (ProjectionWriter.RecomputeAsync in-process)");
        Markdown.FigureHeader();
        Markdown.AtLeast(
            $"documents per second, every document rewritten ({rewrite.Written:N0} written in "
                + $"{rewrite.Elapsed.TotalSeconds:F1} s)",
            rewrite.Active / rewrite.Elapsed.TotalSeconds,
            "docs/s",
            20000
        );
        Markdown.AtLeast(
            $"documents per second, nothing to write ({unchanged.Active:N0} compared in "
                + $"{unchanged.Elapsed.TotalSeconds:F1} s)",
            unchanged.Active / unchanged.Elapsed.TotalSeconds,
            "docs/s",
            20000
        );
        Markdown.Info(
            "peak resident memory of this process",
            $"{ProcessMemory.PeakMiB(Environment.ProcessId):F0} MiB"
        );

        Markdown.Line(
            $"\nIncremental recompute of a window in which {incremental.Students} students were created or "
                + "deleted (their users, demographics, contacts and the classes and enrollments their records "
                + $"gate; {incremental.Rounds} rounds, nothing to write): median {incremental.MedianMs:F0} ms, "
                + $"max {incremental.MaxMs:F0} ms, {incremental.Documents:N0} documents recomputed a round.\n"
        );
        Markdown.Line(
            $"\nIncremental recompute of a window in which {renamed.Students} students' records changed in "
                + "place (a new first name: their users, demographics and contacts; "
                + $"{renamed.Rounds} rounds, nothing to write): median {renamed.MedianMs:F0} ms, "
                + $"max {renamed.MaxMs:F0} ms, {renamed.Documents:N0} documents recomputed a round.\n"
        );
        Markdown.Line(
            "\nWhere a recompute's time goes (the writer's steps repeated one by one in this process):\n"
        );
        Markdown.Line("| step | seconds | share of a rewriting replay |");
        Markdown.Line("|---|---|---|");
        foreach (var (step, seconds) in phases)
        {
            Markdown.Line($"| {step} | {seconds:F2} | {100 * seconds / rewrite.Elapsed.TotalSeconds:F0} % |");
        }
        return 0;
    }

    /// <summary>What the CLI's replay command asks for: a full pass over every partition.</summary>
    private static async Task RequestFullPassAsync(DocumentStore store, string tenant)
    {
        await using var session = store.LightweightSession(tenant);
        var state = (await session.LoadAsync<ProjectionState>(ProjectionState.DocumentId))!;
        state.FullRecomputePending = true;
        state.FullPassCursor = null;
        session.Store(state);
        await session.SaveChangesAsync();
    }

    /// <summary>
    /// As after a window that changed <paramref name="students"/> student records: their keys are made
    /// pending (what the page applier records) and the writer recomputes what they reach.
    /// </summary>
    private static async Task<(
        int Students,
        int Rounds,
        double MedianMs,
        double MaxMs,
        int Documents
    )> IncrementalAsync(
        DocumentStore store,
        ProjectionWriter writer,
        string tenant,
        int students,
        int rounds,
        bool existenceChanged
    )
    {
        var random = new Random(42);
        List<string> uids;
        await using (var query = store.QuerySession(tenant))
        {
            uids =
            [
                .. (
                    await query
                        .Query<SourceRecord>()
                        .Where(r => r.Resource == "students" && !r.Deleted)
                        .ToListAsync()
                )
                    .Select(r =>
                        r.Keys.FirstOrDefault(k =>
                            k.StartsWith(Partitions.StudentPrefix, StringComparison.Ordinal)
                        )
                    )
                    .OfType<string>(),
            ];
        }
        var times = new List<double>();
        var documents = 0;
        for (var round = 0; round < rounds; round++)
        {
            await using (var session = store.LightweightSession(tenant))
            {
                var state = (await session.LoadAsync<ProjectionState>(ProjectionState.DocumentId))!;
                var keys = uids.OrderBy(_ => random.Next())
                    .Take(students)
                    .SelectMany(k =>
                        existenceChanged
                            ? new[] { k, "studentrec:" + k[Partitions.StudentPrefix.Length..] }
                            : [k]
                    );
                state.SourceChanges++;
                state.AddPendingKeys(keys);
                session.Store(state);
                await session.SaveChangesAsync();
            }
            var result = await writer.RecomputeAsync(tenant, CancellationToken.None);
            times.Add(result.Elapsed.TotalMilliseconds);
            documents = result.Active;
        }
        times.Sort();
        return (students, rounds, times[times.Count / 2], times[^1], documents);
    }

    /// <summary>Every stored content hash stops matching, so the next recompute rewrites every document.</summary>
    private static async Task MakeEveryHashStaleAsync(NpgsqlDataSource dataSource, string tenant)
    {
        await using var command = dataSource.CreateCommand(
            $"update {ProjectionStore.Schema}.mt_doc_onerosterdocument "
                + "set data = jsonb_set(data, '{ContentHash}', '\"stale\"') where tenant_id = $1"
        );
        command.Parameters.AddWithValue(tenant);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<List<(string Step, double Seconds)>> PhasesAsync(
        DocumentStore store,
        string tenant,
        MappingOptions mapping
    )
    {
        var steps = new List<(string, double)>();
        var clock = Stopwatch.StartNew();
        double Lap()
        {
            var seconds = clock.Elapsed.TotalSeconds;
            clock.Restart();
            return seconds;
        }

        await using var session = store.LightweightSession(tenant);
        var records = await session.Query<SourceRecord>().Where(r => !r.Deleted).ToListAsync();
        steps.Add(($"load {records.Count:N0} source records (Marten query)", Lap()));

        var items = records
            .Select(r => new SourceItem(
                r.Resource,
                r.NaturalKey,
                JsonSerializer.Deserialize<JsonElement>(r.Json!, ItemJson.SerializerOptions),
                r.FirstSeenChangeVersion,
                null
            ))
            .ToList();
        var sources = new SourceSet(items);
        steps.Add(("parse their JSON into the source set", Lap()));

        var projected = OneRosterMapper.Project(sources, mapping);
        steps.Add(($"map (OneRosterMapper.Project, {projected.Count:N0} documents)", Lap()));

        var existing = (await session.Query<OneRosterDocument>().ToListAsync()).ToDictionary(d => d.Id);
        steps.Add(($"load {existing.Count:N0} existing documents (Marten query)", Lap()));

        foreach (var document in projected)
        {
            var text = document.Body.ToJsonString();
            _ = SHA256.HashData(Encoding.UTF8.GetBytes(text));
            _ = document.Body.ToJsonString();
        }
        steps.Add(("hash and serialize every document", Lap()));

        // Stored again as they are: the time of an upsert, without leaving stale hashes behind.
        foreach (var document in existing.Values)
        {
            session.Store(document);
        }
        clock.Restart();
        await session.SaveChangesAsync();
        steps.Add(($"upsert {existing.Count:N0} documents (Marten SaveChanges)", Lap()));
        return steps;
    }
}
