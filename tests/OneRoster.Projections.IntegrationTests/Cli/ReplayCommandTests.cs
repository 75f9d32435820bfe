using Marten;
using OneRoster.Projections.EdFiSandbox;
using OneRoster.Projections.IntegrationTests.EndToEnd;
using OneRoster.Projections.Storage;
using Xunit;

namespace OneRoster.Projections.IntegrationTests.Cli;

/// <summary>
/// <c>oneroster replay</c> against the real pipeline: the projector recomputes every partition from the source
/// store, unchanged documents keep their dateLastModified, and a pass stopped part-way resumes after the
/// last partition it committed.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class ReplayCommandTests
{
    [Fact]
    public async Task a_replay_recomputes_every_partition_and_rewrites_only_documents_whose_content_differs()
    {
        await using var pipeline = await Pipeline.StartAsync(
            new SandboxOptions { GenerateStudents = 40, Seed = 7 },
            "replaycli"
        );
        using var store = DocumentStore.For(o => ProjectionStore.Configure(o, pipeline.Postgres));
        await WaitForFirstProjectionAsync(store, pipeline.Tenant);
        var before = await DocumentsAsync(store, pipeline.Tenant);

        // One stored document no longer matches what its sources give (as after a mapping change that
        // touched it): the replay must restore it, and only it.
        var tampered = before.Values.First(d => d.Class == "users" && d.Status == "active");
        await TamperAsync(store, pipeline.Tenant, tampered.Id);

        var (exit, output) = await CliRunner.RunAsync(
            "replay",
            "--tenant",
            pipeline.Tenant,
            "--postgres",
            pipeline.Postgres
        );

        Assert.Equal(0, exit);
        Assert.Contains($"{pipeline.Tenant}: done", output, StringComparison.Ordinal);
        var after = await DocumentsAsync(store, pipeline.Tenant);
        var state = await StateAsync(store, pipeline.Tenant);
        Assert.False(state.FullRecomputePending);
        Assert.Null(state.FullPassCursor);
        Assert.True(state.FullPassTotal > 40, $"only {state.FullPassTotal} partitions");
        Assert.Equal(state.FullPassTotal, state.FullPassDone);
        Assert.Equal(before.Keys.Order(), after.Keys.Order());
        Assert.Equal(before[tampered.Id].ContentHash, after[tampered.Id].ContentHash);
        Assert.True(after[tampered.Id].DateLastModified > before[tampered.Id].DateLastModified);
        var moved = after.Values.Where(d =>
            d.Id != tampered.Id && d.DateLastModified != before[d.Id].DateLastModified
        );
        Assert.Empty(moved.Select(d => d.Id));
    }

    [Fact]
    public async Task a_pass_stopped_part_way_resumes_after_the_last_partition_it_committed()
    {
        await using var pipeline = await Pipeline.StartAsync(
            new SandboxOptions { GenerateStudents = 40, Seed = 8 },
            "replayresume"
        );
        using var store = DocumentStore.For(o => ProjectionStore.Configure(o, pipeline.Postgres));
        await WaitForFirstProjectionAsync(store, pipeline.Tenant);
        await pipeline.StopProjectorAsync();

        // A pass that had committed every partition up to the middle one when its projector stopped.
        var documents = await DocumentsAsync(store, pipeline.Tenant);
        var partitions = documents
            .Values.Select(d => d.Partition!)
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();
        var cursor = partitions[partitions.Count / 2];
        var done = documents.Values.First(d => string.CompareOrdinal(d.Partition, cursor) <= 0);
        var pending = documents.Values.First(d => string.CompareOrdinal(d.Partition, cursor) > 0);
        await TamperAsync(store, pipeline.Tenant, done.Id);
        await TamperAsync(store, pipeline.Tenant, pending.Id);
        await using (var session = store.LightweightSession(pipeline.Tenant))
        {
            var state = (await session.LoadAsync<ProjectionState>(ProjectionState.DocumentId))!;
            state.FullRecomputePending = true;
            state.FullPassCursor = cursor;
            state.FullPassDone = partitions.Count / 2 + 1;
            session.Store(state);
            await session.SaveChangesAsync();
        }

        await pipeline.StartProjectorAsync();
        await Pipeline.WaitUntilAsync(
            async () => !(await StateAsync(store, pipeline.Tenant)).FullRecomputePending,
            TimeSpan.FromSeconds(60),
            "the resumed pass to finish"
        );

        var after = await DocumentsAsync(store, pipeline.Tenant);
        // Before the cursor: already done, so left as the stopped pass had it.
        Assert.Equal("tampered", after[done.Id].ContentHash);
        // After the cursor: recomputed by the resumed pass.
        Assert.Equal(documents[pending.Id].ContentHash, after[pending.Id].ContentHash);
        var final = await StateAsync(store, pipeline.Tenant);
        Assert.Equal(partitions.Count, final.FullPassTotal);
    }

    [Fact]
    public async Task an_unknown_tenant_is_refused_with_exit_code_2()
    {
        var postgres = await Infrastructure.TestServices.PostgresAsync();

        var (exit, output) = await CliRunner.RunAsync(
            "replay",
            "--tenant",
            "no-such-tenant",
            "--postgres",
            postgres
        );

        Assert.Equal(2, exit);
        Assert.Contains("no-such-tenant", output, StringComparison.Ordinal);
    }

    private static async Task WaitForFirstProjectionAsync(DocumentStore store, string tenant) =>
        await Pipeline.WaitUntilAsync(
            async () =>
            {
                await using var session = store.QuerySession(tenant);
                var state = await session.LoadAsync<ProjectionState>(ProjectionState.DocumentId);
                return state is { LastRecomputedAt: not null, Pending: false, FullRecomputePending: false }
                    && !state.WindowInFlight;
            },
            TimeSpan.FromSeconds(90),
            "the first projection"
        );

    private static async Task<Dictionary<string, OneRosterDocument>> DocumentsAsync(
        DocumentStore store,
        string tenant
    )
    {
        await using var session = store.QuerySession(tenant);
        return (await session.Query<OneRosterDocument>().ToListAsync()).ToDictionary(d => d.Id);
    }

    private static async Task<ProjectionState> StateAsync(DocumentStore store, string tenant)
    {
        await using var session = store.QuerySession(tenant);
        return (await session.LoadAsync<ProjectionState>(ProjectionState.DocumentId))!;
    }

    private static async Task TamperAsync(DocumentStore store, string tenant, string id)
    {
        await using var session = store.LightweightSession(tenant);
        var document = (await session.LoadAsync<OneRosterDocument>(id))!;
        document.ContentHash = "tampered";
        session.Store(document);
        await session.SaveChangesAsync();
    }
}
