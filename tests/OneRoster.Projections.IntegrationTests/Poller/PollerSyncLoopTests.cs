using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Marten;
using Microsoft.Extensions.Logging.Abstractions;
using OneRoster.Projections.Contracts;
using OneRoster.Projections.EdFi;
using OneRoster.Projections.IntegrationTests.Infrastructure;
using OneRoster.Projections.IntegrationTests.Sandbox;
using OneRoster.Projections.Poller;
using OneRoster.Projections.Storage;
using Xunit;

namespace OneRoster.Projections.IntegrationTests.Poller;

/// <summary>
/// The sync loop against the real sandbox over HTTP and the real checkpoint in PostgreSQL. Pages are caught by
/// an in-memory publisher so the tests can look at every message and make publishing fail; the broker path
/// is covered by <see cref="PollerHostTests"/>.
/// </summary>
public sealed class PollerSyncLoopTests : IAsyncLifetime
{
    private RunningSandbox sandbox = null!;
    private DocumentStore store = null!;
    private readonly List<IDisposable> owned = [];

    public async Task InitializeAsync()
    {
        var postgres = await TestServices.PostgresAsync();
        store = DocumentStore.For(options => ProjectionStore.Configure(options, postgres));
        sandbox = await RunningSandbox.GeneratedAsync(students: 30);
    }

    private SyncLoop Loop(string tenant, IChangePublisher publisher, long overlap = 0)
    {
        var source = new EdFiSourceOptions
        {
            BaseUrl = sandbox.BaseAddress.ToString(),
            ClientKey = "sandbox",
            ClientSecret = "sandbox-secret",
            Tenant = tenant,
            OverlapChangeVersions = overlap,
            PollIntervalSeconds = 1,
        };
        var http = new HttpClient();
        var client = new EdFiApiClient(http, source.ToClientOptions());
        owned.Add(http);
        owned.Add(client);
        return new SyncLoop(
            source,
            client,
            new MartenCheckpointStore(store),
            publisher,
            NullLogger<SyncLoop>.Instance,
            TimeProvider.System
        );
    }

    private Task<SyncCheckpoint> CheckpointAsync(string tenant) =>
        new MartenCheckpointStore(store).LoadAsync(tenant, default);

    [Fact]
    public async Task the_first_poll_loads_everything_up_to_newest_and_saves_newest_as_the_checkpoint()
    {
        var tenant = TestServices.NewTenant("poll-full");
        var newest = await sandbox.NewestChangeVersionAsync();
        var bus = new RecordingPublisher();
        var loop = Loop(tenant, bus);

        Assert.Equal(PollOutcome.WindowCompleted, await loop.PollOnceAsync(default));

        Assert.NotEmpty(bus.Pages);
        Assert.All(bus.Pages, page =>
        {
            Assert.Equal(tenant, page.Tenant);
            Assert.Equal(ChangeKind.Upserts, page.Kind);
            Assert.Equal(0, page.MinChangeVersion);
            Assert.Equal(newest, page.MaxChangeVersion);
            Assert.Equal("5.2.0", page.DataStandardVersion);
        });
        Assert.Equal(
            sandbox.Store.Count("students"),
            bus.Pages.Where(p => p.Resource == "students").Sum(p => p.Items.Count)
        );
        Assert.Equal(
            sandbox.Store.Count("schools"),
            bus.Pages.Where(p => p.Resource == "schools").Sum(p => p.Items.Count)
        );
        var completed = Assert.Single(bus.Completed);
        Assert.Equal((0, newest), (completed.MinChangeVersion, completed.MaxChangeVersion));
        Assert.Equal(bus.Pages.Count, completed.Pages);
        Assert.Equal(bus.Pages.Sum(p => (long)p.Items.Count), completed.Items);

        var checkpoint = await CheckpointAsync(tenant);
        Assert.Equal(newest, checkpoint.LastChangeVersion);
        Assert.Null(checkpoint.WindowInFlightMax);
        Assert.Null(checkpoint.LastError);
        Assert.Equal(1, checkpoint.WindowsCompleted);
        Assert.Equal(completed.Items, checkpoint.ItemsPublished);

        Assert.Equal(PollOutcome.NoChanges, await loop.PollOnceAsync(default));
        Assert.Single(bus.Completed);
    }

    [Fact]
    public async Task changes_after_the_checkpoint_come_in_the_next_window_with_deletes_after_upserts()
    {
        var tenant = TestServices.NewTenant("poll-delta");
        var bus = new RecordingPublisher();
        var loop = Loop(tenant, bus);
        await loop.PollOnceAsync(default);
        var loaded = await sandbox.NewestChangeVersionAsync();

        var student = await sandbox.FirstAsync("students");
        var body = RunningSandbox.Body(student);
        body["firstName"] = "Renamed";
        using (var put = await sandbox.Http.PutAsJsonAsync($"data/v3/ed-fi/students/{student["id"]}", body))
        {
            put.EnsureSuccessStatusCode();
        }
        var enrollment = await sandbox.FirstAsync("studentSectionAssociations");
        using (
            var delete = await sandbox.Http.DeleteAsync(
                $"data/v3/ed-fi/studentSectionAssociations/{enrollment["id"]}"
            )
        )
        {
            delete.EnsureSuccessStatusCode();
        }
        var newest = await sandbox.NewestChangeVersionAsync();
        bus.Clear();

        Assert.Equal(PollOutcome.WindowCompleted, await loop.PollOnceAsync(default));

        Assert.All(bus.Pages, p =>
            Assert.Equal((loaded + 1, newest), (p.MinChangeVersion, p.MaxChangeVersion))
        );
        var upsert = Assert.Single(bus.Pages, p => p.Kind == ChangeKind.Upserts && p.Resource == "students");
        Assert.Equal(
            student["id"]!.GetValue<string>(),
            JsonNode.Parse(Assert.Single(upsert.Items))!["id"]!.GetValue<string>()
        );
        var deleted = Assert.Single(bus.Pages, p => p.Kind == ChangeKind.Deletes);
        Assert.Equal("studentSectionAssociations", deleted.Resource);
        Assert.Equal(bus.Pages.Count - 1, bus.Pages.IndexOf(deleted));
        Assert.Equal(newest, (await CheckpointAsync(tenant)).LastChangeVersion);
    }

    [Fact]
    public async Task a_window_that_fails_midway_leaves_the_checkpoint_and_is_read_again_in_full()
    {
        var tenant = TestServices.NewTenant("poll-fail");
        var newest = await sandbox.NewestChangeVersionAsync();
        var failing = new RecordingPublisher { FailAtPage = 3 };

        Assert.Equal(PollOutcome.Failed, await Loop(tenant, failing).PollOnceAsync(default));

        var failed = await CheckpointAsync(tenant);
        Assert.Equal(-1, failed.LastChangeVersion);
        Assert.Equal(newest, failed.WindowInFlightMax);
        Assert.Contains("broker said no", failed.LastError, StringComparison.Ordinal);
        Assert.Empty(failing.Completed);

        var working = new RecordingPublisher();
        Assert.Equal(PollOutcome.WindowCompleted, await Loop(tenant, working).PollOnceAsync(default));

        Assert.All(working.Pages, p => Assert.Equal(0, p.MinChangeVersion));
        Assert.Equal(
            sandbox.Store.Count("students"),
            working.Pages.Where(p => p.Resource == "students").Sum(p => p.Items.Count)
        );
        var recovered = await CheckpointAsync(tenant);
        Assert.Equal(newest, recovered.LastChangeVersion);
        Assert.Null(recovered.LastError);
        Assert.Null(recovered.WindowInFlightMin);
    }

    [Fact]
    public async Task the_overlap_lowers_the_next_window_min_below_the_checkpoint()
    {
        var tenant = TestServices.NewTenant("poll-overlap");
        var bus = new RecordingPublisher();
        var loop = Loop(tenant, bus, overlap: 5);
        await loop.PollOnceAsync(default);
        var loaded = await sandbox.NewestChangeVersionAsync();

        var school = await sandbox.FirstAsync("schools");
        var body = RunningSandbox.Body(school);
        body["shortNameOfInstitution"] = "Renamed";
        using (var put = await sandbox.Http.PutAsJsonAsync($"data/v3/ed-fi/schools/{school["id"]}", body))
        {
            put.EnsureSuccessStatusCode();
        }
        bus.Clear();

        Assert.Equal(PollOutcome.WindowCompleted, await loop.PollOnceAsync(default));

        Assert.Equal(loaded + 1 - 5, Assert.Single(bus.Completed).MinChangeVersion);
    }

    [Fact]
    public async Task a_source_that_never_stops_changing_gets_at_most_one_window_a_poll_interval()
    {
        var tenant = TestServices.NewTenant("poll-busy");
        var bus = new RecordingPublisher();
        var loop = Loop(tenant, bus, overlap: 5);
        await loop.PollOnceAsync(default);
        bus.Clear();
        var school = await sandbox.FirstAsync("schools");
        var body = RunningSandbox.Body(school);

        // A write every 20 ms: after every window the source has moved on again.
        using var stop = new CancellationTokenSource();
        var writer = Task.Run(async () =>
        {
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                body["shortNameOfInstitution"] = "Busy " + n;
                using var put = await sandbox.Http.PutAsJsonAsync(
                    $"data/v3/ed-fi/schools/{school["id"]}",
                    body
                );
                await Task.Delay(20);
            }
        });
        var watch = System.Diagnostics.Stopwatch.StartNew();
        using (var running = new CancellationTokenSource(TimeSpan.FromSeconds(3.5)))
        {
            await loop.RunAsync(running.Token);
        }
        var seconds = watch.Elapsed.TotalSeconds;
        await stop.CancelAsync();
        await writer;

        // Chained back to back, the windows came every few milliseconds, each re-reading the overlap.
        Assert.InRange(bus.Completed.Count, 2, (int)Math.Ceiling(seconds) + 1);
    }

    public async Task DisposeAsync()
    {
        foreach (var item in owned)
        {
            item.Dispose();
        }
        await sandbox.DisposeAsync();
        store.Dispose();
    }
}

/// <summary>Keeps what the poller sends, in order; can refuse a page to stand in for a broker failure.</summary>
internal sealed class RecordingPublisher : IChangePublisher
{
    private readonly object gate = new();

    public List<EdFiChangePageV1> Pages { get; } = [];

    public List<EdFiChangeWindowCompletedV1> Completed { get; } = [];

    /// <summary>1-based number of the page to fail.</summary>
    public int? FailAtPage { get; init; }

    public Task PublishPageAsync(EdFiChangePageV1 page, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            if (Pages.Count + 1 == FailAtPage)
            {
                return Task.FromException(new InvalidOperationException("broker said no"));
            }
            Pages.Add(page);
        }
        return Task.CompletedTask;
    }

    public Task PublishWindowCompletedAsync(
        EdFiChangeWindowCompletedV1 completed,
        CancellationToken cancellationToken
    )
    {
        lock (gate)
        {
            Completed.Add(completed);
        }
        return Task.CompletedTask;
    }

    public void Clear()
    {
        lock (gate)
        {
            Pages.Clear();
            Completed.Clear();
        }
    }
}
