using System.Net.Http.Headers;
using System.Text;
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
/// The poller steers its reads by what the source says about a window: <c>Total-Count</c> for where the last
/// page starts, and the order of <c>/deletes</c> rows. A source that says it wrong (P13) may cost requests,
/// never rows. Pages of 10 over 30 students and 30 tombstones, with the answers bent on their way back.
/// </summary>
public sealed class UntrustedPagingAnswersTests : IAsyncLifetime
{
    private const int DeletesOutOfOrderEvent = 2012;

    private RunningSandbox sandbox = null!;
    private DocumentStore store = null!;
    private readonly RecordingLogger<EdFiApiClient> clientLog = new();
    private readonly List<IDisposable> owned = [];

    public async Task InitializeAsync()
    {
        var postgres = await TestServices.PostgresAsync();
        store = DocumentStore.For(options => ProjectionStore.Configure(options, postgres));
        sandbox = await RunningSandbox.GeneratedAsync(students: 30);
    }

    private SyncLoop Loop(string tenant, IChangePublisher publisher, Bend bend)
    {
        var source = new EdFiSourceOptions
        {
            BaseUrl = sandbox.BaseAddress.ToString(),
            Tenant = tenant,
            PageSize = 10,
            OverlapChangeVersions = 0,
        };
        var http = new HttpClient(new BendingHandler(bend));
        var client = new EdFiApiClient(http, source.ToClientOptions(), clientLog);
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

    private static List<string> Ids(RecordingPublisher bus, string resource, ChangeKind kind) =>
        bus
            .Pages.Where(p => p.Resource == resource && p.Kind == kind)
            .SelectMany(p => p.Items)
            .Select(i => JsonNode.Parse(i)!["id"]!.GetValue<string>())
            .ToList();

    [Theory]
    [InlineData(null)]
    [InlineData("3")]
    [InlineData("95")]
    [InlineData("lots")]
    public async Task a_total_count_that_is_missing_or_wrong_still_gives_every_student_once(string? count)
    {
        var bus = new RecordingPublisher();
        var loop = Loop(
            TestServices.NewTenant("count"),
            bus,
            new Bend("/ed-fi/students", TotalCount: count, DropTotalCount: count is null)
        );

        Assert.Equal(PollOutcome.WindowCompleted, await loop.PollOnceAsync(default));

        var expected = sandbox.Store.All("students").Select(s => s["id"]!.GetValue<string>()).Order();
        Assert.Equal(expected, Ids(bus, "students", ChangeKind.Upserts).Order());
    }

    [Fact]
    public async Task deletes_that_come_newest_first_are_read_backwards_and_every_tombstone_arrives()
    {
        var bus = new RecordingPublisher();
        var loop = Loop(
            TestServices.NewTenant("del-order"),
            bus,
            new Bend("/studentSectionAssociations/deletes", ReverseItems: true)
        );
        Assert.Equal(PollOutcome.WindowCompleted, await loop.PollOnceAsync(default));
        var deleted = sandbox.Store.All("studentSectionAssociations").Take(30).ToList();
        foreach (var enrollment in deleted)
        {
            var id = enrollment["id"]!.GetValue<string>();
            Assert.Equal(
                WriteOutcome.Deleted,
                sandbox.Store.Delete("studentSectionAssociations", id).Outcome
            );
        }
        bus.Clear();

        Assert.Equal(PollOutcome.WindowCompleted, await loop.PollOnceAsync(default));

        Assert.Equal(
            deleted.Select(d => d["id"]!.GetValue<string>()).Order(),
            Ids(bus, "studentSectionAssociations", ChangeKind.Deletes).Distinct().Order()
        );
        Assert.Single(clientLog.Events(DeletesOutOfOrderEvent));
    }

    /// <summary>How answers to GETs whose path ends with <see cref="PathEnd"/> are bent.</summary>
    private sealed record Bend(
        string PathEnd,
        string? TotalCount = null,
        bool DropTotalCount = false,
        bool ReverseItems = false
    );

    private sealed class BendingHandler(Bend bend) : DelegatingHandler(new SocketsHttpHandler())
    {
        protected override async Task<HttpResponseMessage> SendAsync(
            HttpRequestMessage request,
            CancellationToken cancellationToken
        )
        {
            var response = await base.SendAsync(request, cancellationToken);
            if (!request.RequestUri!.AbsolutePath.EndsWith(bend.PathEnd, StringComparison.Ordinal))
            {
                return response;
            }
            if (
                response.Headers.Contains("Total-Count")
                && (bend.DropTotalCount || bend.TotalCount is not null)
            )
            {
                response.Headers.Remove("Total-Count");
                if (bend.TotalCount is not null)
                {
                    response.Headers.TryAddWithoutValidation("Total-Count", bend.TotalCount);
                }
            }
            if (bend.ReverseItems)
            {
                var items = JsonNode
                    .Parse(await response.Content.ReadAsStringAsync(cancellationToken))!
                    .AsArray();
                var reversed = new JsonArray([.. items.Reverse().Select(i => i!.DeepClone())]);
                response.Content = new StringContent(
                    reversed.ToJsonString(),
                    Encoding.UTF8,
                    new MediaTypeHeaderValue("application/json")
                );
            }
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
