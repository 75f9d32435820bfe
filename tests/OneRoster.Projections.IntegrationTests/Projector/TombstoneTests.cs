using Marten;
using Microsoft.Extensions.DependencyInjection;
using OneRoster.Projections.IntegrationTests.Infrastructure;
using OneRoster.Projections.Mapping;
using OneRoster.Projections.Projector;
using OneRoster.Projections.Storage;
using Xunit;
using static OneRoster.Projections.IntegrationTests.Infrastructure.TestData;

namespace OneRoster.Projections.IntegrationTests.Projector;

/// <summary>A document that can no longer be derived stays tobedeleted for the retention period, then goes.</summary>
public sealed class TombstoneTests
{
    [Theory]
    [InlineData(30, true)]
    [InlineData(0, false)]
    public async Task a_vanished_school_is_tobedeleted_and_purged_only_after_the_retention_period(
        int retentionDays,
        bool stillServedAfterward
    )
    {
        var postgres = await TestServices.PostgresAsync();
        var tenant = TestServices.NewTenant("tombstone");
        await using var services = new ServiceCollection()
            .AddLogging()
            .AddMetrics()
            .AddProjectionStore(postgres)
            .AddProjectorCore(postgres)
            .Configure<ProjectorOptions>(o => o.TombstoneRetentionDays = retentionDays)
            .BuildServiceProvider();
        var store = services.GetRequiredService<IDocumentStore>();
        var writer = services.GetRequiredService<ProjectionWriter>();
        var school = new SourceRecord
        {
            Id = SourceRecord.IdOf("schools", "schoolId=501"),
            Resource = "schools",
            NaturalKey = "schoolId=501",
            Json = """{"schoolId":501,"nameOfInstitution":"Closing School"}""",
            ChangeVersion = 1,
        };
        await SaveAsync(store, tenant, school, new ProjectionState { Tenant = tenant, SourceChanges = 1 });
        await writer.RecomputeAsync(tenant, CancellationToken.None);
        var served = await LoadAsync(store, tenant);

        school.Deleted = true;
        school.Json = null;
        await DeleteSchoolAsync(store, tenant, school);
        await writer.RecomputeAsync(tenant, CancellationToken.None);
        var tombstone = await LoadAsync(store, tenant);

        // Nothing changed since: only the expired tombstone can make this recompute do anything.
        await Task.Delay(10);
        await writer.RecomputeAsync(tenant, CancellationToken.None);
        var afterward = await LoadAsync(store, tenant);

        Assert.Equal("active", served!.Status);
        Assert.Equal("tobedeleted", tombstone!.Status);
        Assert.True(tombstone.DateLastModified > served.DateLastModified);
        Assert.Contains("\"status\":\"tobedeleted\"", tombstone.Json, StringComparison.Ordinal);
        Assert.Equal(stillServedAfterward, afterward is not null);
    }

    private static async Task SaveAsync(IDocumentStore store, string tenant, params object[] documents)
    {
        await using var session = store.LightweightSession(tenant);
        session.Store(documents);
        await session.SaveChangesAsync();
    }

    // What the page applier does for a deleted school: the record and, in the same transaction, a pending
    // change whose keys reach every partition (a school gates documents of every class).
    private static async Task DeleteSchoolAsync(IDocumentStore store, string tenant, SourceRecord school)
    {
        await using var session = store.LightweightSession(tenant);
        var state = (await session.LoadAsync<ProjectionState>(ProjectionState.DocumentId))!;
        state.SourceChanges++;
        state.AddPendingKeys([Partitions.Everything]);
        session.Store(school);
        session.Store(state);
        await session.SaveChangesAsync();
    }

    private static async Task<OneRosterDocument?> LoadAsync(IDocumentStore store, string tenant)
    {
        await using var session = store.QuerySession(tenant);
        return await session.LoadAsync<OneRosterDocument>(OneRosterDocument.IdOf("orgs", Md5("501")));
    }
}
