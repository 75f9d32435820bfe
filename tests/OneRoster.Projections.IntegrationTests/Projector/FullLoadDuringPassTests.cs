using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OneRoster.Projections.Contracts;
using OneRoster.Projections.EdFiSandbox;
using OneRoster.Projections.IntegrationTests.Infrastructure;
using OneRoster.Projections.Projector;
using OneRoster.Projections.Storage;
using Xunit;

namespace OneRoster.Projections.IntegrationTests.Projector;

/// <summary>
/// A full-load window retires every record it did not list. When it completes while a full pass runs, the
/// pass has already gone past some of those records' partitions and ends by clearing the request for a
/// full recompute: the retired records must still reach their documents.
/// </summary>
public sealed class FullLoadDuringPassTests
{
    [Fact]
    public async Task records_a_full_load_retires_behind_a_running_pass_still_tombstone_their_documents()
    {
        var postgres = await TestServices.PostgresAsync();
        var tenant = TestServices.NewTenant("fullload");
        await using var services = new ServiceCollection()
            .AddLogging()
            .AddMetrics()
            .AddProjectionStore(postgres)
            .AddProjectorCore(postgres)
            .BuildServiceProvider();
        var store = services.GetRequiredService<IDocumentStore>();
        var writer = services.GetRequiredService<ProjectionWriter>();
        var applier = services.GetRequiredService<SourceStoreApplier>();
        var district = DistrictGenerator.Generate(40, seed: 3);
        await DistrictPages.ApplyAsync(applier, tenant, district, windowEnd: 1000);
        await writer.RecomputeAsync(tenant, CancellationToken.None);
        var before = await UsersAsync(postgres, tenant);

        // A pass is running and has committed its last step's cursor, past every partition.
        await using (var session = store.LightweightSession(tenant))
        {
            var state = (await session.LoadAsync<ProjectionState>(ProjectionState.DocumentId))!;
            state.FullRecomputePending = true;
            state.FullPassCursor = "\uffff";
            state.FullPassCoveredChanges = state.SourceChanges;
            session.Store(state);
            await session.SaveChangesAsync();
        }
        // The source was restored: a full load lists every record but one student.
        var gone = district
            .Resources["students"]
            .Select(r => System.Text.Json.JsonSerializer.Serialize(r))
            .First();
        await DistrictPages.ApplyAsync(applier, tenant, district, windowEnd: 2000, (_, item) => item != gone);
        await new ChangeWindowCompletedConsumer(store, writer, TimeProvider.System).CompleteAsync(
            new EdFiChangeWindowCompletedV1
            {
                Tenant = tenant,
                MinChangeVersion = 0,
                MaxChangeVersion = 2000,
                FullLoad = true,
                Pages = 1,
                Items = 1,
            },
            CancellationToken.None
        );
        // The check that follows the pass (the projector's periodic one).
        await writer.RecomputeAsync(tenant, CancellationToken.None);
        var after = await UsersAsync(postgres, tenant);

        Assert.Equal(0, before.Retired);
        Assert.Equal(1, after.Retired);
        Assert.Equal(before.Active - 1, after.Active);
    }

    private static async Task<(long Active, long Retired)> UsersAsync(string postgres, string tenant)
    {
        await using var connection = new NpgsqlConnection(postgres);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "select count(*) filter (where status = 'active'), count(*) filter (where status = 'tobedeleted')"
                + " from oneroster.mt_doc_onerosterdocument where tenant_id = $1 and class = 'users'"
                + " and kind = 'student'",
            connection
        );
        command.Parameters.AddWithValue(tenant);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }
}
