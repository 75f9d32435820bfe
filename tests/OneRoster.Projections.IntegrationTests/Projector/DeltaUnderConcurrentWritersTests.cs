using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using OneRoster.Projections.Api;
using OneRoster.Projections.IntegrationTests.Infrastructure;
using OneRoster.Projections.Mapping;
using OneRoster.Projections.Projector;
using OneRoster.Projections.Storage;
using Xunit;

namespace OneRoster.Projections.IntegrationTests.Projector;

/// <summary>
/// A vendor's delta loop — ask for dateLastModified after the largest value seen, again and again — must
/// see every change even while two projector instances recompute the same tenant concurrently. A write
/// that commits late with a stamp the client has already passed would be missed forever.
/// </summary>
public sealed class DeltaUnderConcurrentWritersTests
{
    private const int Schools = 40;
    private const int ChangesPerWriter = 25;

    [Fact]
    public async Task a_delta_client_misses_no_change_while_two_projectors_write_the_same_tenant()
    {
        var postgres = await TestServices.PostgresAsync();
        var tenant = TestServices.NewTenant("delta");
        var gate = new CommitGate();
        await using var writerA = Writer(postgres, gate);
        await using var writerB = Writer(postgres, gate: null);
        var store = writerB.GetRequiredService<IDocumentStore>();
        await SeedAsync(store, tenant);
        await writerB.GetRequiredService<ProjectionWriter>().RecomputeAsync(tenant, CancellationToken.None);

        var api = ApiApp.Build([
            "--urls",
            "http://127.0.0.1:0",
            $"--ConnectionStrings:Postgres={postgres}",
            $"--OneRoster:Tenant={tenant}",
            "--Logging:LogLevel:Default=Warning",
            // The delta client polls as fast as it can; this test is not about the per-client rate limit.
            "--OneRoster:RateLimit:PermitLimit=1000000000",
        ]);
        await api.StartAsync();
        using var http = new HttpClient { BaseAddress = ApiApp.BaseAddress(api) };
        await TestAuth.AuthorizeAsync(http, api, tenant);
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        var since = await PollAsync(http, "1970-01-01T00:00:00.000Z", seen);

        // Writer A stamps its documents and is held just before its commit; meanwhile writer B recomputes
        // the same change, and the client polls. Without one writer at a time, B commits a later stamp, the
        // client moves past it, and A's earlier stamp becomes visible behind the client's back.
        await RenameAsync(store, tenant, school: 1, suffix: "renamed");
        gate.Arm();
        var first = writerA
            .GetRequiredService<ProjectionWriter>()
            .RecomputeAsync(tenant, CancellationToken.None);
        await gate.Reached.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var second = writerB
            .GetRequiredService<ProjectionWriter>()
            .RecomputeAsync(tenant, CancellationToken.None);
        await Task.WhenAny(second, Task.Delay(TimeSpan.FromSeconds(2)));
        since = await PollAsync(http, since, seen);
        gate.Release();
        await Task.WhenAll(first, second);

        // Then both write concurrently for a while, the client polling all along.
        var writers = Task.WhenAll(
            WriteAsync(writerA, tenant, seed: 1),
            WriteAsync(writerB, tenant, seed: 2)
        );
        while (!writers.IsCompleted)
        {
            since = await PollAsync(http, since, seen);
        }
        await writers;
        since = await PollAsync(http, since, seen);

        var final = await ReadAllAsync(http);
        Assert.Equal(Schools + 1, final.Count);
        Assert.All(final, org =>
            Assert.Equal(
                org.GetProperty("dateLastModified").GetString(),
                seen.GetValueOrDefault(org.GetProperty("sourcedId").GetString()!)
            )
        );
        await api.StopAsync();
        await api.DisposeAsync();
    }

    /// <summary>Holds the next commit of the writer it is given to until released.</summary>
    private sealed class CommitGate : DocumentSessionListenerBase
    {
        private volatile bool armed;
        private TaskCompletionSource release = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Reached { get; private set; } =
            new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Arm()
        {
            Reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
            release = new(TaskCreationOptions.RunContinuationsAsynchronously);
            armed = true;
        }

        public void Release() => release.TrySetResult();

        public override async Task BeforeSaveChangesAsync(IDocumentSession session, CancellationToken token)
        {
            if (armed)
            {
                armed = false;
                Reached.TrySetResult();
                await release.Task.WaitAsync(token);
            }
        }
    }

    // As the page applier does: the state's version guards it, so a write that raced a recompute's
    // save is applied again on the newer state.
    private static async Task RenameAsync(IDocumentStore store, string tenant, int school, string suffix)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var session = store.LightweightSession(tenant);
                session.Store(School(school, $"School {school} {suffix}"));
                var state = await session.LoadAsync<ProjectionState>(ProjectionState.DocumentId);
                state!.SourceChanges++;
                // The keys the page applier records for a renamed school: they reach every partition.
                state.AddPendingKeys([Partitions.Everything]);
                session.Store(state);
                await session.SaveChangesAsync();
                return;
            }
            catch (JasperFx.ConcurrencyException) when (attempt < 20)
            {
                await Task.Delay(10);
            }
        }
    }

    private static ServiceProvider Writer(string postgres, CommitGate? gate)
    {
        var services = new ServiceCollection();
        services.AddMarten(options =>
        {
            ProjectionStore.Configure(options, postgres);
            if (gate is not null)
            {
                options.Listeners.Add(gate);
            }
        });
        return services.AddLogging().AddMetrics().AddProjectorCore(postgres).BuildServiceProvider();
    }

    private static string SchoolJson(int school, string name) =>
        $$$"""{"schoolId":{{{school}}},"nameOfInstitution":"{{{name}}}","localEducationAgencyReference":{"localEducationAgencyId":900}}""";

    private static async Task SeedAsync(IDocumentStore store, string tenant)
    {
        await using var session = store.LightweightSession(tenant);
        session.Store(
            new SourceRecord
            {
                Id = SourceRecord.IdOf("localEducationAgencies", "localEducationAgencyId=900"),
                Resource = "localEducationAgencies",
                NaturalKey = "localEducationAgencyId=900",
                Json = """{"localEducationAgencyId":900,"nameOfInstitution":"District"}""",
                ChangeVersion = 1,
            }
        );
        for (var school = 1; school <= Schools; school++)
        {
            session.Store(School(school, "School " + school));
        }
        session.Store(new ProjectionState { Tenant = tenant, SourceChanges = 1 });
        await session.SaveChangesAsync();
    }

    private static SourceRecord School(int school, string name) =>
        new()
        {
            Id = SourceRecord.IdOf("schools", "schoolId=" + school),
            Resource = "schools",
            NaturalKey = "schoolId=" + school,
            Json = SchoolJson(school, name),
            ChangeVersion = 1,
        };

    /// <summary>Renames a random school, then recomputes: like a page applied and its window completed.</summary>
    private static async Task WriteAsync(ServiceProvider writer, string tenant, int seed)
    {
        var random = new Random(seed);
        var store = writer.GetRequiredService<IDocumentStore>();
        var projection = writer.GetRequiredService<ProjectionWriter>();
        for (var change = 0; change < ChangesPerWriter; change++)
        {
            await RenameAsync(store, tenant, random.Next(1, Schools + 1), $"v{seed}.{change}");
            await projection.RecomputeAsync(tenant, CancellationToken.None);
        }
    }

    private static async Task<string> PollAsync(
        HttpClient http,
        string since,
        Dictionary<string, string> seen
    )
    {
        var filter = Uri.EscapeDataString($"dateLastModified>'{since}'");
        var body = await http.GetFromJsonAsync<JsonElement>(
            $"ims/oneroster/rostering/v1p2/orgs?limit=10000&filter={filter}"
        );
        var largest = since;
        foreach (var org in body.GetProperty("orgs").EnumerateArray())
        {
            var stamp = org.GetProperty("dateLastModified").GetString()!;
            seen[org.GetProperty("sourcedId").GetString()!] = stamp;
            if (
                DateTimeOffset.Parse(stamp, CultureInfo.InvariantCulture)
                > DateTimeOffset.Parse(largest, CultureInfo.InvariantCulture)
            )
            {
                largest = stamp;
            }
        }
        return largest;
    }

    private static async Task<List<JsonElement>> ReadAllAsync(HttpClient http)
    {
        var body = await http.GetFromJsonAsync<JsonElement>("ims/oneroster/rostering/v1p2/orgs?limit=10000");
        return [.. body.GetProperty("orgs").EnumerateArray().Select(o => o.Clone())];
    }
}
