using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Marten;
using Microsoft.Extensions.Logging.Abstractions;
using OneRoster.Projections.Contracts;
using OneRoster.Projections.EdFi;
using OneRoster.Projections.EdFiSandbox;
using OneRoster.Projections.IntegrationTests.Infrastructure;
using OneRoster.Projections.IntegrationTests.Sandbox;
using OneRoster.Projections.Poller;
using OneRoster.Projections.Storage;
using Xunit;

namespace OneRoster.Projections.IntegrationTests.Poller;

/// <summary>
/// The sync loop against a sandbox that misbehaves the way real Ed-Fi APIs do, armed over HTTP through
/// <c>/_sandbox/faults</c>, with the checkpoint in PostgreSQL. Pages are small (25 items) so every fault can
/// land on a page in the middle of a window: <c>/students?offset=25</c> is the second page of students.
/// </summary>
public sealed class PollerFaultTests : IAsyncLifetime
{
    private const string SecondStudentPage = "/students?offset=25";
    private const int RetryingEvent = 2005;

    private RunningSandbox sandbox = null!;
    private DocumentStore store = null!;
    private readonly List<IDisposable> owned = [];
    private readonly RecordingLogger<EdFiApiClient> clientLog = new();
    private readonly List<EdFiApiClient> clients = [];

    /// <summary>The client of the loop the test built last.</summary>
    private EdFiApiClient Client => clients[^1];

    public async Task InitializeAsync()
    {
        var postgres = await TestServices.PostgresAsync();
        store = DocumentStore.For(options => ProjectionStore.Configure(options, postgres));
        sandbox = await RunningSandbox.GeneratedAsync(students: 30);
    }

    private SyncLoop Loop(
        string tenant,
        IChangePublisher publisher,
        Action<EdFiSourceOptions>? configureSource = null,
        Action<EdFiClientOptions>? configureClient = null
    )
    {
        var source = new EdFiSourceOptions
        {
            BaseUrl = sandbox.BaseAddress.ToString(),
            Tenant = tenant,
            PageSize = 25,
        };
        configureSource?.Invoke(source);
        var options = source.ToClientOptions();
        options.RetryBaseDelay = TimeSpan.FromMilliseconds(20);
        options.MaxRetryDelay = TimeSpan.FromMilliseconds(200);
        configureClient?.Invoke(options);
        var http = new HttpClient();
        var client = new EdFiApiClient(http, options, clientLog);
        clients.Add(client);
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

    /// <summary>
    /// Every item of every resource the sandbox holds arrived exactly once in <paramref name="pages"/>, the
    /// full load up to <paramref name="newest"/>, and the completion counted exactly those pages.
    /// </summary>
    private void AssertWholeFullLoad(RecordingPublisher bus, long newest)
    {
        var pages = bus.Pages.Where(p => p.MaxChangeVersion == newest).ToList();
        foreach (var resource in EdFiResourceCatalog.For(5))
        {
            var ids = pages
                .Where(p => p.Resource == resource.Name)
                .SelectMany(p => p.Items)
                .Select(item => JsonNode.Parse(item)!["id"]!.GetValue<string>())
                .ToList();
            Assert.True(
                sandbox.Store.Count(resource.Name) == ids.Count,
                $"{resource.Name}: {ids.Count} items published, {sandbox.Store.Count(resource.Name)} in the source"
            );
            Assert.Equal(ids.Count, ids.Distinct().Count());
        }
        var completed = Assert.Single(bus.Completed);
        Assert.Equal((0, newest), (completed.MinChangeVersion, completed.MaxChangeVersion));
        Assert.Equal(pages.Count, completed.Pages);
    }

    private async Task AssertCheckpointAtAsync(string tenant, long version)
    {
        var checkpoint = await CheckpointAsync(tenant);
        Assert.Equal(version, checkpoint.LastChangeVersion);
        Assert.Null(checkpoint.WindowInFlightMax);
        Assert.Null(checkpoint.LastError);
    }

    private List<(string Reason, TimeSpan Delay)> Retries() =>
        clientLog
            .Events(RetryingEvent)
            .Select(l => ((string)l.Values["Reason"]!, (TimeSpan)l.Values["Delay"]!))
            .ToList();

    [Fact]
    public async Task a_token_that_expires_mid_window_is_renewed_once_and_every_page_arrives()
    {
        var tenant = TestServices.NewTenant("fault-token");
        var newest = await sandbox.NewestChangeVersionAsync();
        var bus = new RecordingPublisher();
        var loop = Loop(tenant, bus);
        await sandbox.ArmAsync("expire-tokens?path=" + Uri.EscapeDataString(SecondStudentPage));

        Assert.Equal(PollOutcome.WindowCompleted, await loop.PollOnceAsync(default));

        Assert.Equal(1, sandbox.Faults.Fired(FaultKind.ExpireTokens));
        Assert.Equal(2, Client.TokensFetched);
        AssertWholeFullLoad(bus, newest);
        await AssertCheckpointAtAsync(tenant, newest);
    }

    [Fact]
    public async Task a_429_is_retried_after_its_retry_after_and_every_page_arrives()
    {
        var tenant = TestServices.NewTenant("fault-429");
        var newest = await sandbox.NewestChangeVersionAsync();
        var bus = new RecordingPublisher();
        var loop = Loop(tenant, bus);
        await sandbox.ArmAsync("throttle?retryAfter=2&path=" + Uri.EscapeDataString(SecondStudentPage));

        Assert.Equal(PollOutcome.WindowCompleted, await loop.PollOnceAsync(default));

        Assert.Equal(1, sandbox.Faults.Fired(FaultKind.Throttle));
        Assert.Equal([("429", TimeSpan.FromSeconds(2))], Retries());
        AssertWholeFullLoad(bus, newest);
        await AssertCheckpointAtAsync(tenant, newest);
    }

    [Fact]
    public async Task server_errors_are_retried_with_capped_exponential_backoff_and_every_page_arrives()
    {
        var tenant = TestServices.NewTenant("fault-5xx");
        var newest = await sandbox.NewestChangeVersionAsync();
        var bus = new RecordingPublisher();
        var loop = Loop(tenant, bus, configureClient: o =>
        {
            o.RetryBaseDelay = TimeSpan.FromMilliseconds(40);
            o.MaxRetryDelay = TimeSpan.FromMilliseconds(100);
        });
        await sandbox.ArmAsync(
            "server-error?status=500&count=2&path=" + Uri.EscapeDataString(SecondStudentPage)
        );
        await sandbox.ArmAsync("server-error?status=503&path=" + Uri.EscapeDataString(SecondStudentPage));

        Assert.Equal(PollOutcome.WindowCompleted, await loop.PollOnceAsync(default));

        var retries = Retries();
        Assert.Equal(["500", "500", "503"], retries.Select(r => r.Reason));
        // base·2^attempt capped at 100 ms, of which jitter keeps between half and all.
        Assert.InRange(retries[0].Delay.TotalMilliseconds, 20, 40);
        Assert.InRange(retries[1].Delay.TotalMilliseconds, 40, 80);
        Assert.InRange(retries[2].Delay.TotalMilliseconds, 50, 100);
        AssertWholeFullLoad(bus, newest);
        await AssertCheckpointAtAsync(tenant, newest);
    }

    [Fact]
    public async Task a_request_that_hangs_past_the_timeout_is_retried_and_every_page_arrives()
    {
        var tenant = TestServices.NewTenant("fault-hang");
        var newest = await sandbox.NewestChangeVersionAsync();
        var bus = new RecordingPublisher();
        var loop = Loop(tenant, bus, configureClient: o => o.AttemptTimeout = TimeSpan.FromSeconds(1));
        await sandbox.ArmAsync("delay?ms=120000&path=" + Uri.EscapeDataString(SecondStudentPage));

        Assert.Equal(PollOutcome.WindowCompleted, await loop.PollOnceAsync(default));

        Assert.Equal(1, sandbox.Faults.Fired(FaultKind.Delay));
        Assert.Equal("TimeoutRejectedException", Assert.Single(Retries()).Reason);
        AssertWholeFullLoad(bus, newest);
        await AssertCheckpointAtAsync(tenant, newest);
    }

    [Fact]
    public async Task server_errors_beyond_the_retries_fail_the_window_without_moving_the_checkpoint_and_the_next_poll_reads_it()
    {
        var tenant = TestServices.NewTenant("fault-5xx-out");
        var bus = new RecordingPublisher();
        var loop = Loop(tenant, bus, configureSource: s => s.MaxRetryAttempts = 2);
        await loop.PollOnceAsync(default);
        var loaded = await sandbox.NewestChangeVersionAsync();
        var student = await sandbox.FirstAsync("students");
        var body = RunningSandbox.Body(student);
        body["firstName"] = "Retried";
        using (var put = await sandbox.Http.PutAsJsonAsync($"data/v3/ed-fi/students/{student["id"]}", body))
        {
            put.EnsureSuccessStatusCode();
        }
        var newest = await sandbox.NewestChangeVersionAsync();
        bus.Clear();
        await sandbox.ArmAsync(
            "server-error?status=503&count=1000&path=" + Uri.EscapeDataString("/students?")
        );

        Assert.Equal(PollOutcome.Failed, await loop.PollOnceAsync(default));

        Assert.Equal(3, sandbox.Faults.Fired(FaultKind.ServerError));
        Assert.Empty(bus.Completed);
        var failed = await CheckpointAsync(tenant);
        Assert.Equal(loaded, failed.LastChangeVersion);
        Assert.Equal(newest, failed.WindowInFlightMax);
        Assert.Contains("503", failed.LastError, StringComparison.Ordinal);

        using (var clear = await sandbox.Http.DeleteAsync("_sandbox/faults"))
        {
            clear.EnsureSuccessStatusCode();
        }
        bus.Clear();
        Assert.Equal(PollOutcome.WindowCompleted, await loop.PollOnceAsync(default));

        var upserts = bus.Pages.Where(p => p.Resource == "students" && p.Kind == ChangeKind.Upserts);
        Assert.Contains(upserts.SelectMany(p => p.Items), item =>
            JsonNode.Parse(item)!["firstName"]!.GetValue<string>() == "Retried"
        );
        Assert.Equal(newest, Assert.Single(bus.Completed).MaxChangeVersion);
        await AssertCheckpointAtAsync(tenant, newest);
    }

    [Theory]
    [InlineData("empty-body", "an empty body")]
    [InlineData("malformed-page", "not JSON")]
    public async Task an_unreadable_page_fails_the_window_and_the_checkpoint_stays_until_a_later_poll_reads_it_whole(
        string faultSwitch,
        string reason
    )
    {
        var tenant = TestServices.NewTenant("fault-page");
        var newest = await sandbox.NewestChangeVersionAsync();
        var bus = new RecordingPublisher();
        var loop = Loop(tenant, bus);
        await sandbox.ArmAsync($"{faultSwitch}?path=" + Uri.EscapeDataString(SecondStudentPage));

        Assert.Equal(PollOutcome.Failed, await loop.PollOnceAsync(default));

        Assert.Empty(bus.Completed);
        Assert.NotEmpty(bus.Pages);
        var failed = await CheckpointAsync(tenant);
        Assert.Equal(-1, failed.LastChangeVersion);
        Assert.Equal(newest, failed.WindowInFlightMax);
        Assert.Contains(reason, failed.LastError, StringComparison.Ordinal);
        var logged = Assert.Single(clientLog.Events(2011));
        Assert.Equal(("students", 25), ((string)logged.Values["Resource"]!, (int)logged.Values["Offset"]!));

        bus.Clear();
        Assert.Equal(PollOutcome.WindowCompleted, await loop.PollOnceAsync(default));

        AssertWholeFullLoad(bus, newest);
        await AssertCheckpointAtAsync(tenant, newest);
    }

    [Fact]
    public async Task a_snapshot_that_disappears_mid_window_abandons_the_window_and_it_is_read_again_without_one()
    {
        var tenant = TestServices.NewTenant("fault-snapshot");
        sandbox.Store.TakeSnapshot();
        var inSnapshot = await sandbox.NewestChangeVersionAsync();
        var student = await sandbox.FirstAsync("students");
        var body = RunningSandbox.Body(student);
        body["firstName"] = "AfterSnapshot";
        using (var put = await sandbox.Http.PutAsJsonAsync($"data/v3/ed-fi/students/{student["id"]}", body))
        {
            put.EnsureSuccessStatusCode();
        }
        var live = await sandbox.NewestChangeVersionAsync();
        var bus = new RecordingPublisher();
        var loop = Loop(tenant, bus, configureSource: s => s.UseSnapshot = true);
        await sandbox.ArmAsync("drop-snapshot?path=" + Uri.EscapeDataString(SecondStudentPage));

        Assert.Equal(PollOutcome.WindowCompleted, await loop.PollOnceAsync(default));

        Assert.Equal(1, sandbox.Faults.Fired(FaultKind.DropSnapshot));
        Assert.False(Client.SnapshotActive);
        var abandoned = bus.Pages.Where(p => p.MaxChangeVersion == inSnapshot).ToList();
        Assert.NotEmpty(abandoned);
        Assert.DoesNotContain(abandoned, p => p.Resource == "students" && p.Offset >= 25);
        AssertWholeFullLoad(bus, live);
        var students = bus.Pages.Where(p => p.MaxChangeVersion == live && p.Resource == "students");
        Assert.Contains(students.SelectMany(p => p.Items), item =>
            JsonNode.Parse(item)!["firstName"]!.GetValue<string>() == "AfterSnapshot"
        );
        await AssertCheckpointAtAsync(tenant, live);
    }

    /// <summary>
    /// Pitfall P3: a student update takes version c+1 but commits only after a school update (c+2) was read
    /// and checkpointed. It becomes visible below the checkpoint; the next window reaches it only through
    /// the overlap.
    /// </summary>
    private async Task<(RecordingPublisher Bus, long Newest)> LateCommitAsync(string tenant, long overlap)
    {
        var bus = new RecordingPublisher();
        var loop = Loop(tenant, bus, configureSource: s => s.OverlapChangeVersions = overlap);
        Assert.Equal(PollOutcome.WindowCompleted, await loop.PollOnceAsync(default));

        await sandbox.ArmAsync("uncommitted");
        var student = await sandbox.FirstAsync("students");
        var body = RunningSandbox.Body(student);
        body["firstName"] = "CommittedLate";
        using (var put = await sandbox.Http.PutAsJsonAsync($"data/v3/ed-fi/students/{student["id"]}", body))
        {
            put.EnsureSuccessStatusCode();
        }
        await RenameFirstSchoolAsync("Before release");
        bus.Clear();
        Assert.Equal(PollOutcome.WindowCompleted, await loop.PollOnceAsync(default));
        Assert.DoesNotContain(bus.Pages, p => p.Resource == "students");
        Assert.Equal(
            await sandbox.NewestChangeVersionAsync(),
            (await CheckpointAsync(tenant)).LastChangeVersion
        );

        sandbox.Faults.ReleaseHeldWrites();
        await RenameFirstSchoolAsync("After release");
        var newest = await sandbox.NewestChangeVersionAsync();
        bus.Clear();
        Assert.Equal(PollOutcome.WindowCompleted, await loop.PollOnceAsync(default));
        return (bus, newest);
    }

    private async Task RenameFirstSchoolAsync(string name)
    {
        var school = await sandbox.FirstAsync("schools");
        var body = RunningSandbox.Body(school);
        body["shortNameOfInstitution"] = name;
        using var put = await sandbox.Http.PutAsJsonAsync($"data/v3/ed-fi/schools/{school["id"]}", body);
        put.EnsureSuccessStatusCode();
    }

    private static bool CarriesLateStudent(RecordingPublisher bus) =>
        bus
            .Pages.Where(p => p.Resource == "students" && p.Kind == ChangeKind.Upserts)
            .SelectMany(p => p.Items)
            .Any(item => JsonNode.Parse(item)!["firstName"]!.GetValue<string>() == "CommittedLate");

    [Fact]
    public async Task a_write_that_commits_below_the_checkpoint_is_read_through_the_default_overlap()
    {
        var tenant = TestServices.NewTenant("fault-p3");

        var (bus, newest) = await LateCommitAsync(tenant, EdFiSourceOptions.DefaultOverlapChangeVersions);

        Assert.True(CarriesLateStudent(bus), "the late student update was not published");
        await AssertCheckpointAtAsync(tenant, newest);
    }

    [Fact]
    public async Task without_an_overlap_a_write_that_commits_below_the_checkpoint_is_never_read()
    {
        var tenant = TestServices.NewTenant("fault-p3-none");

        var (bus, newest) = await LateCommitAsync(tenant, overlap: 0);

        Assert.False(CarriesLateStudent(bus), "the late student update was published without an overlap");
        await AssertCheckpointAtAsync(tenant, newest);
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
