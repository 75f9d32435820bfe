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
/// Pitfall P1: a change window of 30 rows read in pages of 10 while, right after the first page was served,
/// the first two rows leave the window (updated again, or a deleted key re-created so its tombstone is
/// hidden). Every later row moves two places down. Forward offset paging, as the poller used to read, then
/// never reads the rows that were at positions 10 and 11; the poller now reads every row that stayed, and
/// the two that left arrive with the next window.
/// </summary>
public sealed class RowsLeavingAWindowMidReadTests : IAsyncLifetime
{
    private const int PageSize = 10;

    private RunningSandbox sandbox = null!;
    private DocumentStore store = null!;
    private readonly MidReadWrite hook = new();
    private readonly List<IDisposable> owned = [];

    public async Task InitializeAsync()
    {
        var postgres = await TestServices.PostgresAsync();
        store = DocumentStore.For(options => ProjectionStore.Configure(options, postgres));
        sandbox = await RunningSandbox.GeneratedAsync(students: 30);
    }

    private (SyncLoop Loop, EdFiApiClient Client) Loop(string tenant, IChangePublisher publisher)
    {
        var source = new EdFiSourceOptions
        {
            BaseUrl = sandbox.BaseAddress.ToString(),
            Tenant = tenant,
            PageSize = PageSize,
            OverlapChangeVersions = 0,
        };
        var http = new HttpClient(new MidReadHandler(hook));
        var client = new EdFiApiClient(http, source.ToClientOptions());
        owned.Add(http);
        owned.Add(client);
        var loop = new SyncLoop(
            source,
            client,
            new MartenCheckpointStore(store),
            publisher,
            NullLogger<SyncLoop>.Instance,
            TimeProvider.System
        );
        return (loop, client);
    }

    /// <summary>The 30 students, each updated once, so all of them form the next window in AggregateId order.</summary>
    private List<string> UpdateEveryStudent(string firstName)
    {
        var students = sandbox.Store.All("students").Take(30).ToList();
        Assert.Equal(30, students.Count);
        foreach (var student in students)
        {
            var body = RunningSandbox.Body(student);
            body["firstName"] = firstName;
            Assert.Equal(WriteOutcome.Updated, sandbox.Store.Update("students", Id(student), body).Outcome);
        }
        return students.Select(Id).ToList();
    }

    private void UpdateStudents(IEnumerable<string> ids, string firstName)
    {
        foreach (var id in ids)
        {
            var body = RunningSandbox.Body(sandbox.Store.Get("students", id)!);
            body["firstName"] = firstName;
            Assert.Equal(WriteOutcome.Updated, sandbox.Store.Update("students", id, body).Outcome);
        }
    }

    /// <summary>Deletes 30 studentSectionAssociations one by one, so their tombstones are in that order.</summary>
    private List<JsonObject> DeleteSectionEnrollments()
    {
        var enrollments = sandbox.Store.All("studentSectionAssociations").Take(30).ToList();
        Assert.Equal(30, enrollments.Count);
        foreach (var enrollment in enrollments)
        {
            Assert.Equal(
                WriteOutcome.Deleted,
                sandbox.Store.Delete("studentSectionAssociations", Id(enrollment)).Outcome
            );
        }
        return enrollments;
    }

    private void Recreate(IEnumerable<JsonObject> enrollments)
    {
        foreach (var enrollment in enrollments)
        {
            Assert.Equal(
                WriteOutcome.Created,
                sandbox.Store.Upsert("studentSectionAssociations", RunningSandbox.Body(enrollment)).Outcome
            );
        }
    }

    private static string Id(JsonObject item) => item["id"]!.GetValue<string>();

    private static HashSet<string> Ids(IEnumerable<string> items) =>
        items.Select(i => JsonNode.Parse(i)!["id"]!.GetValue<string>()).ToHashSet();

    private static HashSet<string> Ids(
        RecordingPublisher bus,
        long windowMax,
        string resource,
        ChangeKind kind
    ) =>
        Ids(
            bus.Pages.Where(p => p.MaxChangeVersion == windowMax && p.Resource == resource && p.Kind == kind)
                .SelectMany(p => p.Items)
        );

    private static async Task<HashSet<string>> ReadForwardAsync(
        EdFiApiClient client,
        string resource,
        ChangeKind kind,
        EdFiChangeWindow window
    )
    {
        var items = new List<string>();
        await foreach (var page in client.ReadPagesAsync(resource, kind, window))
        {
            items.AddRange(page.Items);
        }
        return Ids(items);
    }

    [Fact]
    public async Task forward_offset_paging_never_reads_the_students_pushed_into_a_page_already_read()
    {
        var (loop, client) = Loop(TestServices.NewTenant("p1-old-up"), new RecordingPublisher());
        Assert.Equal(PollOutcome.WindowCompleted, await loop.PollOnceAsync(default));
        var from = await sandbox.NewestChangeVersionAsync() + 1;
        var students = UpdateEveryStudent("InWindow");
        var window = new EdFiChangeWindow(from, await sandbox.NewestChangeVersionAsync());
        hook.After("/ed-fi/students", () => UpdateStudents(students[..2], "LeftTheWindow"));

        var read = await ReadForwardAsync(client, "students", ChangeKind.Upserts, window);

        // Page 0 held students 0-9; after the shift page 10 holds 12-21 and page 20 holds 22-29.
        Assert.Equal(students[..10].Concat(students[12..]).Order(), read.Order());
    }

    [Fact]
    public async Task the_poller_reads_every_student_that_stays_in_the_window_while_others_leave_it()
    {
        var tenant = TestServices.NewTenant("p1-new-up");
        var bus = new RecordingPublisher();
        var (loop, _) = Loop(tenant, bus);
        Assert.Equal(PollOutcome.WindowCompleted, await loop.PollOnceAsync(default));
        var students = UpdateEveryStudent("InWindow");
        var windowMax = await sandbox.NewestChangeVersionAsync();
        hook.After("/ed-fi/students", () => UpdateStudents(students[..2], "LeftTheWindow"));

        Assert.Equal(PollOutcome.WindowCompleted, await loop.PollOnceAsync(default));

        Assert.Equal(1, hook.Fired);
        Assert.Superset(students[2..].ToHashSet(), Ids(bus, windowMax, "students", ChangeKind.Upserts));
        Assert.Equal(PollOutcome.WindowCompleted, await loop.PollOnceAsync(default));
        var next = await sandbox.NewestChangeVersionAsync();
        Assert.Equal(students[..2].Order(), Ids(bus, next, "students", ChangeKind.Upserts).Order());
    }

    [Fact]
    public async Task forward_offset_paging_never_reads_the_tombstones_pushed_into_a_page_already_read()
    {
        var (loop, client) = Loop(TestServices.NewTenant("p1-old-del"), new RecordingPublisher());
        Assert.Equal(PollOutcome.WindowCompleted, await loop.PollOnceAsync(default));
        var from = await sandbox.NewestChangeVersionAsync() + 1;
        var deleted = DeleteSectionEnrollments();
        var window = new EdFiChangeWindow(from, await sandbox.NewestChangeVersionAsync());
        hook.After("/studentSectionAssociations/deletes", () => Recreate(deleted[..2]));

        var read = await ReadForwardAsync(client, "studentSectionAssociations", ChangeKind.Deletes, window);

        // Page 0 held tombstones 0-9; after the shift page 10 holds 12-21 and page 20 holds 22-29.
        Assert.Equal(deleted[..10].Concat(deleted[12..]).Select(Id).Order(), read.Order());
    }

    [Fact]
    public async Task the_poller_reads_every_tombstone_while_recreated_keys_hide_earlier_ones()
    {
        var tenant = TestServices.NewTenant("p1-new-del");
        var bus = new RecordingPublisher();
        var (loop, _) = Loop(tenant, bus);
        Assert.Equal(PollOutcome.WindowCompleted, await loop.PollOnceAsync(default));
        var deleted = DeleteSectionEnrollments();
        var windowMax = await sandbox.NewestChangeVersionAsync();
        hook.After("/studentSectionAssociations/deletes", () => Recreate(deleted[..2]));

        Assert.Equal(PollOutcome.WindowCompleted, await loop.PollOnceAsync(default));

        Assert.Equal(1, hook.Fired);
        Assert.Superset(
            deleted[2..].Select(Id).ToHashSet(),
            Ids(bus, windowMax, "studentSectionAssociations", ChangeKind.Deletes)
        );
        Assert.Equal(PollOutcome.WindowCompleted, await loop.PollOnceAsync(default));
        var recreated = Ids(
            bus,
            await sandbox.NewestChangeVersionAsync(),
            "studentSectionAssociations",
            ChangeKind.Upserts
        );
        Assert.Equal(2, recreated.Count);
        Assert.All(deleted[..2], d =>
            Assert.Contains(sandbox.Store.FindId("studentSectionAssociations", d)!, recreated)
        );
    }

    /// <summary>Writes to the sandbox right after it answered the first GET whose path ends with a given text.</summary>
    private sealed class MidReadWrite
    {
        private string? pathEnd;
        private Action? write;

        public int Fired { get; private set; }

        public void After(string requestPathEnd, Action writes) =>
            (pathEnd, write) = (requestPathEnd, writes);

        public void Answered(HttpRequestMessage request)
        {
            if (
                pathEnd is not null
                && Fired == 0
                && request.RequestUri!.AbsolutePath.EndsWith(pathEnd, StringComparison.Ordinal)
            )
            {
                Fired++;
                write!();
            }
        }
    }

    /// <summary>Lets <see cref="MidReadWrite"/> land its writes between two pages of one read.</summary>
    private sealed class MidReadHandler(MidReadWrite hook) : DelegatingHandler(new SocketsHttpHandler())
    {
        protected override async Task<HttpResponseMessage> SendAsync(
            HttpRequestMessage request,
            CancellationToken cancellationToken
        )
        {
            var response = await base.SendAsync(request, cancellationToken);
            hook.Answered(request);
            return response;
        }
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
