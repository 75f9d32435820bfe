using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Marten;
using Microsoft.Extensions.Options;
using OneRoster.Projections.EdFi;
using OneRoster.Projections.EdFiSandbox;
using OneRoster.Projections.Mapping;
using OneRoster.Projections.Projector;
using OneRoster.Projections.Storage;

namespace OneRoster.Projections.IntegrationTests.Convergence;

/// <summary>
/// Decides whether one tenant's projection has converged on its Ed-Fi source, from the outside: it reads
/// what the pipeline stored (source records, OneRoster documents, checkpoint, projection state) and compares
/// it with the sandbox's final live records and with what the pure mapping computes from them. It never
/// calls the projector's own recompute, which is the code under test.
/// </summary>
/// <remarks>Free of any test framework, so benchmarks can run it too.</remarks>
public sealed class ConvergenceOracle : IAsyncDisposable
{
    /// <summary>The collections a delta client reads; each is also a OneRosterDocument class.</summary>
    public static readonly string[] Collections =
    [
        "orgs",
        "academicSessions",
        "courses",
        "classes",
        "enrollments",
        "users",
        "demographics",
    ];

    private readonly DocumentStore store;
    private readonly string tenant;
    private readonly string hrefBase;
    private readonly DescriptorMappingDefaults defaults;

    /// <param name="hrefBase">The projector's <c>Projector:HrefBase</c>, without a trailing slash.</param>
    public ConvergenceOracle(string postgres, string tenant, string hrefBase)
    {
        store = DocumentStore.For(options => ProjectionStore.Configure(options, postgres));
        this.tenant = tenant;
        this.hrefBase = hrefBase;
        defaults = new DescriptorMappingDefaults(Options.Create(new ProjectorOptions()));
    }

    /// <summary>
    /// Waits until the poller has published every change the sandbox holds and the projector has applied and
    /// recomputed all of it: the checkpoint is at <paramref name="newestChangeVersion"/> with no window in
    /// flight, the projector has seen that window complete, and no applied page waits for a recompute. The
    /// state must hold twice in a row, a moment apart, so a redelivered message in between is noticed.
    /// </summary>
    public async Task WaitUntilCaughtUpAsync(Func<long> newestChangeVersion, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        string? previous = null;
        while (true)
        {
            var newest = newestChangeVersion();
            var (checkpoint, state) = await LoadProgressAsync();
            var caughtUp =
                checkpoint is { WindowInFlightMin: null }
                && checkpoint.LastChangeVersion == newest
                && state is { Pending: false, WindowInFlight: false }
                && state.LatestCompletedEpoch == checkpoint.Epoch
                && state.LatestCompletedWindow == newest;
            var now = Describe(newest, checkpoint, state);
            if (caughtUp && now == previous)
            {
                return;
            }
            previous = caughtUp ? now : null;
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Not caught up after {timeout.TotalSeconds:F0} s: {now}");
            }
            await Task.Delay(caughtUp ? 600 : 200);
        }
    }

    public async Task<(SyncCheckpoint? Checkpoint, ProjectionState? State)> LoadProgressAsync()
    {
        await using var session = store.QuerySession(tenant);
        var checkpoint = await session.LoadAsync<SyncCheckpoint>(SyncCheckpoint.DocumentId);
        var state = await session.LoadAsync<ProjectionState>(ProjectionState.DocumentId);
        return (checkpoint, state);
    }

    private static string Describe(long newest, SyncCheckpoint? checkpoint, ProjectionState? state) =>
        $"sandbox newest {newest}; checkpoint "
        + (
            checkpoint is null
                ? "none"
                : $"{checkpoint.LastChangeVersion} (epoch {checkpoint.Epoch}, in flight "
                    + $"{checkpoint.WindowInFlightMin?.ToString(CultureInfo.InvariantCulture) ?? "-"}.."
                    + $"{checkpoint.WindowInFlightMax?.ToString(CultureInfo.InvariantCulture) ?? "-"}, "
                    + $"last error {checkpoint.LastError ?? "none"})"
        )
        + "; projection "
        + (
            state is null
                ? "none"
                : $"completed {state.LatestCompletedEpoch}/{state.LatestCompletedWindow}, "
                    + $"pages up to {state.LatestPageEpoch}/{state.LatestPageWindow}, "
                    + $"source changes {state.SourceChanges}, recomputed {state.RecomputedSourceChanges}"
        );

    /// <summary>
    /// Both oracles, plus the bookkeeping checks: (a) the live source records equal the sandbox's live records;
    /// (b) every document the mapping derives from those records is stored active with that content, every
    /// other stored document is tobedeleted, and the API serves exactly what is stored; the mapping gives the
    /// same documents whatever the order of its input; the checkpoint is at the sandbox's newest version.
    /// </summary>
    /// <param name="api">The tenant's rostering API base (ending in <c>v1p2/</c>); null skips the served check.</param>
    public async Task<ConvergenceReport> CheckAsync(
        SandboxStore sandbox,
        HttpClient? http = null,
        Uri? api = null
    )
    {
        var report = new ConvergenceReport();
        await using var session = store.QuerySession(tenant);
        var state = await session.LoadAsync<ProjectionState>(ProjectionState.DocumentId);
        var checkpoint = await session.LoadAsync<SyncCheckpoint>(SyncCheckpoint.DocumentId);
        CheckBookkeeping(report, sandbox.NewestChangeVersion, checkpoint, state);
        var major = EdFiResourceCatalog.MajorOf(state?.DataStandardVersion ?? "5.2.0");

        var live = (await session.Query<SourceRecord>().Where(r => !r.Deleted).ToListAsync()).ToList();
        report.SourceRecords = live.Count;
        CompareSources(report, sandbox, major, live);

        var items = live.Select(ToSourceItem).ToList();
        var projected = Project(items, major);
        CheckOrderIndependence(report, items, major, projected);

        var stored = (await session.Query<OneRosterDocument>().ToListAsync()).ToList();
        CompareDocuments(report, projected, stored);
        if (http is not null && api is not null)
        {
            await CompareServedAsync(report, http, api, stored);
        }
        return report;
    }

    private static void CheckBookkeeping(
        ConvergenceReport report,
        long newest,
        SyncCheckpoint? checkpoint,
        ProjectionState? state
    )
    {
        if (checkpoint is null || state is null)
        {
            report.Add(
                "bookkeeping",
                $"no checkpoint or no projection state: {Describe(newest, checkpoint, state)}"
            );
            return;
        }
        if (
            checkpoint.LastChangeVersion != newest
            || checkpoint.WindowInFlightMin is not null
            || checkpoint.WindowInFlightMax is not null
            || checkpoint.LastError is not null
        )
        {
            report.Add(
                "checkpoint",
                $"not at rest on the sandbox's newest version: {Describe(newest, checkpoint, state)}"
            );
        }
        if (
            state.Pending
            || state.WindowInFlight
            || (state.LatestCompletedEpoch, state.LatestCompletedWindow) != (checkpoint.Epoch, newest)
        )
        {
            report.Add("projection state", $"not at rest: {Describe(newest, checkpoint, state)}");
        }
    }

    private static void CompareSources(
        ConvergenceReport report,
        SandboxStore sandbox,
        int major,
        List<SourceRecord> live
    )
    {
        var catalog = EdFiResourceCatalog.For(major);
        foreach (var stray in live.Where(r => catalog.All(c => c.Name != r.Resource)))
        {
            report.Add(
                "source store",
                $"{stray.Resource} {stray.NaturalKey} is stored but is no resource the mapping reads"
            );
        }
        foreach (var resource in catalog)
        {
            var stored = live.Where(r => r.Resource == resource.Name)
                .ToDictionary(r => r.NaturalKey, StringComparer.Ordinal);
            foreach (
                var twins in stored
                    .Values.Where(r => r.EdFiId is not null)
                    .GroupBy(r => r.EdFiId)
                    .Where(g => g.Count() > 1)
            )
            {
                report.Add(
                    "source store",
                    $"{resource.Name}: Ed-Fi id {twins.Key} is live under {twins.Count()} keys: "
                        + string.Join(" / ", twins.Select(t => t.NaturalKey))
                );
            }
            var expected = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
            foreach (var item in sandbox.All(resource.Name))
            {
                using var document = JsonDocument.Parse(item.ToJsonString());
                var key = EdFiResourceCatalog.NaturalKeyOfItem(resource, document.RootElement);
                if (key is null)
                {
                    report.Add("sandbox", $"{resource.Name} item {item["id"]} has no complete natural key");
                    continue;
                }
                expected[key] = item;
            }
            report.SandboxRecords += expected.Count;
            foreach (var (key, item) in expected)
            {
                if (!stored.TryGetValue(key, out var record))
                {
                    report.Add(
                        "source store",
                        $"{resource.Name} {key} is live in Ed-Fi but missing from the source store"
                    );
                }
                else if (
                    CanonicalJson.FirstDifference(item, CanonicalJson.Parse(record.Json!)) is { } difference
                )
                {
                    report.Add(
                        "source store",
                        $"{resource.Name} {key} differs from Ed-Fi's copy at {difference}"
                    );
                }
            }
            foreach (var key in stored.Keys.Where(k => !expected.ContainsKey(k)))
            {
                report.Add(
                    "source store",
                    $"{resource.Name} {key} is live in the source store but gone from Ed-Fi"
                );
            }
        }
    }

    /// <summary>The projector's SourceItem for a stored record, built as its recompute builds it.</summary>
    public static SourceItem ToSourceItem(SourceRecord record)
    {
        var data = JsonSerializer.Deserialize<JsonElement>(record.Json!, ItemJson.SerializerOptions);
        return new SourceItem(
            record.Resource,
            record.NaturalKey,
            data,
            record.FirstSeenChangeVersion,
            LastModifiedOf(data)
        );
    }

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

    private IReadOnlyList<ProjectedDocument> Project(IEnumerable<SourceItem> items, int major) =>
        OneRosterMapper.Project(new SourceSet(items), new MappingOptions(major, hrefBase, defaults.Table));

    /// <summary>
    /// The store returns records in no defined order, so the mapping must not depend on it: project the same
    /// records reversed and shuffled and expect the very same documents.
    /// </summary>
    private void CheckOrderIndependence(
        ConvergenceReport report,
        List<SourceItem> items,
        int major,
        IReadOnlyList<ProjectedDocument> projected
    )
    {
        var random = new Random(items.Count);
        var shuffled = items.OrderBy(_ => random.Next()).ToList();
        foreach (
            var (name, order) in new[]
            {
                ("reversed", Enumerable.Reverse(items).ToList()),
                ("shuffled", shuffled),
            }
        )
        {
            var other = Project(order, major).ToDictionary(d => (d.Class, d.SourcedId));
            foreach (var document in projected)
            {
                if (!other.Remove((document.Class, document.SourcedId), out var twin))
                {
                    report.Add(
                        "mapping order",
                        $"{document.Class} {document.SourcedId} is not derived from the {name} input"
                    );
                }
                else if (CanonicalJson.FirstDifference(document.Body, twin.Body) is { } difference)
                {
                    report.Add(
                        "mapping order",
                        $"{document.Class} {document.SourcedId} differs with the {name} input at {difference}"
                    );
                }
            }
            foreach (var extra in other.Keys)
            {
                report.Add(
                    "mapping order",
                    $"{extra.Class} {extra.SourcedId} is derived only from the {name} input"
                );
            }
        }
    }

    private static void CompareDocuments(
        ConvergenceReport report,
        IReadOnlyList<ProjectedDocument> projected,
        List<OneRosterDocument> stored
    )
    {
        var byId = stored.ToDictionary(d => d.Id, StringComparer.Ordinal);
        var derived = new HashSet<string>(StringComparer.Ordinal);
        foreach (var expected in projected)
        {
            var id = OneRosterDocument.IdOf(expected.Class, expected.SourcedId);
            derived.Add(id);
            if (!byId.TryGetValue(id, out var document))
            {
                report.Add("documents", $"{expected.Class} {expected.SourcedId} is derivable but not stored");
                continue;
            }
            if (document.Status != "active")
            {
                report.Add(
                    "documents",
                    $"{expected.Class} {expected.SourcedId} is derivable but stored {document.Status}"
                );
            }
            var body = CheckServedShape(report, document);
            if (body is not null && CanonicalJson.FirstDifference(expected.Body, body) is { } difference)
            {
                report.Add(
                    "documents",
                    $"{expected.Class} {expected.SourcedId} content differs from the mapping at {difference}"
                );
            }
            if (document.Kind != expected.Kind)
            {
                report.Add(
                    "documents",
                    $"{expected.Class} {expected.SourcedId} kind {document.Kind ?? "null"}, expected {expected.Kind ?? "null"}"
                );
            }
            if (
                !document
                    .EducationOrganizationIds.Order()
                    .SequenceEqual(expected.EducationOrganizationIds.Order())
            )
            {
                report.Add(
                    "documents",
                    $"{expected.Class} {expected.SourcedId} education organizations "
                        + $"[{string.Join(",", document.EducationOrganizationIds)}], expected [{string.Join(",", expected.EducationOrganizationIds)}]"
                );
            }
        }
        foreach (var document in stored.Where(d => !derived.Contains(d.Id)))
        {
            CheckServedShape(report, document);
            if (document.Status != "tobedeleted")
            {
                report.Add(
                    "documents",
                    $"{document.Class} {document.SourcedId} is no longer derivable but stored {document.Status}"
                );
            }
        }
        report.ActiveDocuments = stored.Count(d => d.Status == "active");
        report.Tombstones = stored.Count(d => d.Status == "tobedeleted");
    }

    /// <summary>
    /// The stored JSON must say what the indexed columns say; returns the body without status and
    /// dateLastModified, the part the mapping computes.
    /// </summary>
    private static JsonObject? CheckServedShape(ConvergenceReport report, OneRosterDocument document)
    {
        if (CanonicalJson.Parse(document.Json) is not JsonObject body)
        {
            report.Add("documents", $"{document.Id} holds no JSON object");
            return null;
        }
        var status = (string?)body["status"];
        var stamp = (string?)body["dateLastModified"];
        if (
            status != document.Status
            || stamp != Stamp(document.DateLastModified)
            || (string?)body["sourcedId"] != document.SourcedId
        )
        {
            report.Add(
                "documents",
                $"{document.Id} JSON says {status}/{stamp}/{body["sourcedId"]}, columns say "
                    + $"{document.Status}/{Stamp(document.DateLastModified)}/{document.SourcedId}"
            );
        }
        body.Remove("status");
        body.Remove("dateLastModified");
        return body;
    }

    /// <summary>How a dateLastModified is written: UTC, milliseconds, Z.</summary>
    public static string Stamp(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static async Task CompareServedAsync(
        ConvergenceReport report,
        HttpClient http,
        Uri api,
        List<OneRosterDocument> stored
    )
    {
        foreach (var collection in Collections)
        {
            var served = await ReadCollectionAsync(http, api, collection, filter: null);
            var expected = stored
                .Where(d => d.Class == collection)
                .ToDictionary(d => d.SourcedId, StringComparer.Ordinal);
            foreach (var twins in served.GroupBy(s => (string?)s["sourcedId"]).Where(g => g.Count() > 1))
            {
                report.Add("served", $"{collection} {twins.Key} is served {twins.Count()} times");
            }
            foreach (var item in served)
            {
                var sourcedId = (string?)item["sourcedId"] ?? "";
                if (!expected.Remove(sourcedId, out var document))
                {
                    report.Add("served", $"{collection} {sourcedId} is served but not stored");
                }
                else if (
                    CanonicalJson.FirstDifference(CanonicalJson.Parse(document.Json), item) is { } difference
                )
                {
                    report.Add("served", $"{collection} {sourcedId} is served unlike stored at {difference}");
                }
            }
            foreach (var sourcedId in expected.Keys)
            {
                report.Add("served", $"{collection} {sourcedId} is stored but not served");
            }
        }
    }

    /// <summary>Every object of a collection, page by page, optionally filtered.</summary>
    public static async Task<List<JsonObject>> ReadCollectionAsync(
        HttpClient http,
        Uri api,
        string collection,
        string? filter
    )
    {
        const int limit = 10000;
        var items = new List<JsonObject>();
        for (var offset = 0; ; offset += limit)
        {
            var query = $"{collection}?limit={limit}&offset={offset}";
            if (filter is not null)
            {
                query += "&filter=" + Uri.EscapeDataString(filter);
            }
            var body = await http.GetFromJsonAsync<JsonObject>(new Uri(api, query))
                ?? throw new InvalidOperationException($"{query} answered no JSON object");
            var page = body[collection]!.AsArray().Select(n => n!.AsObject()).ToList();
            items.AddRange(page);
            if (page.Count < limit)
            {
                return items;
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        store.Dispose();
        return ValueTask.CompletedTask;
    }
}

/// <summary>What a convergence check found: counts, and every difference by area.</summary>
public sealed class ConvergenceReport
{
    private readonly List<(string Area, string Text)> differences = [];

    public int SourceRecords { get; set; }

    public int SandboxRecords { get; set; }

    public int ActiveDocuments { get; set; }

    public int Tombstones { get; set; }

    public IReadOnlyList<(string Area, string Text)> Differences => differences;

    public bool Converged => differences.Count == 0;

    public void Add(string area, string text) => differences.Add((area, text));

    /// <summary>The counts, then the first <paramref name="max"/> differences with a tally per area.</summary>
    public string Describe(int max = 25)
    {
        var lines = new List<string>
        {
            $"{SandboxRecords} Ed-Fi records, {SourceRecords} live source records, "
                + $"{ActiveDocuments} active documents, {Tombstones} tobedeleted",
        };
        if (differences.Count > 0)
        {
            lines.Add(
                $"{differences.Count} differences ("
                    + string.Join(", ", differences.GroupBy(d => d.Area).Select(g => $"{g.Key}: {g.Count()}"))
                    + $"); the first {Math.Min(max, differences.Count)}:"
            );
            lines.AddRange(differences.Take(max).Select(d => $"  [{d.Area}] {d.Text}"));
        }
        return string.Join(Environment.NewLine, lines);
    }
}
