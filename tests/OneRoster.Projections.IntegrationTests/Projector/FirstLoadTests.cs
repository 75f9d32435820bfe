using System.Text.Json;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OneRoster.Projections.Contracts;
using OneRoster.Projections.EdFi;
using OneRoster.Projections.EdFiSandbox;
using OneRoster.Projections.IntegrationTests.Infrastructure;
using OneRoster.Projections.Projector;
using OneRoster.Projections.Storage;
using Xunit;

namespace OneRoster.Projections.IntegrationTests.Projector;

/// <summary>
/// A tenant's first load copies its documents straight into the table, step after step, instead of
/// comparing them with stored ones and upserting. It must store exactly what the upserting path stores,
/// keep the counts the API serves X-Total-Count from, and leave a store the next pass finds unchanged.
/// </summary>
public sealed class FirstLoadTests
{
    [Fact]
    public async Task a_first_load_copied_in_steps_stores_what_the_upserting_path_stores()
    {
        var postgres = await TestServices.PostgresAsync();
        var copied = TestServices.NewTenant("firstcopy");
        var upserted = TestServices.NewTenant("firstupsert");
        var district = DistrictGenerator.Generate(300, seed: 7);
        // Steps of 40 partitions, each copied in bulk from 10 documents on: the first load takes the COPY
        // path many times over. The reference tenant never bulk-writes.
        await using var copying = Projector(postgres, bulkFrom: 10);
        await using var upserting = Projector(postgres, bulkFrom: int.MaxValue);
        await DistrictPages.ApplyAsync(copying.GetRequiredService<SourceStoreApplier>(), copied, district);
        await DistrictPages.ApplyAsync(
            upserting.GetRequiredService<SourceStoreApplier>(),
            upserted,
            district
        );

        var first = await copying
            .GetRequiredService<ProjectionWriter>()
            .RecomputeAsync(copied, CancellationToken.None);
        await upserting
            .GetRequiredService<ProjectionWriter>()
            .RecomputeAsync(upserted, CancellationToken.None);
        var again = await ReplayAsync(copying, copied);

        var byCopy = await StoredAsync(postgres, copied);
        var byUpsert = await StoredAsync(postgres, upserted);
        Assert.True(byCopy.Count > 1000, $"only {byCopy.Count} documents");
        Assert.Equal(byUpsert.Count, first.Written);
        Assert.Equal(byUpsert.OrderBy(p => p.Key), byCopy.OrderBy(p => p.Key));
        Assert.Equal(await CountedAsync(postgres, copied), await CountAsync(postgres, copied));
        Assert.Equal(0, again.Written);
        Assert.Equal(byCopy.Count, again.Active);
        // Steps are written while the next is computed, yet each step's stamps follow the previous step's:
        // along the partitions' order (the order of the steps), stamps never go back.
        var (backwards, stamps) = await StampOrderAsync(postgres, copied);
        Assert.Equal(0, backwards);
        Assert.True(stamps > 10, $"only {stamps} distinct stamps: the load took few steps");
    }

    /// <summary>How often a document's stamp is below the one before it in partition order; distinct stamps.</summary>
    private static async Task<(long Backwards, long Stamps)> StampOrderAsync(string postgres, string tenant)
    {
        await using var connection = new NpgsqlConnection(postgres);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "select count(*) filter (where stamp < previous), count(distinct stamp) from (select"
                + " date_last_modified stamp, lag(date_last_modified) over (order by partition collate \"C\", id)"
                + " previous from oneroster.mt_doc_onerosterdocument where tenant_id = $1) x",
            connection
        );
        command.Parameters.AddWithValue(tenant);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    private static ServiceProvider Projector(string postgres, int bulkFrom) =>
        new ServiceCollection()
            .AddLogging()
            .AddMetrics()
            .AddProjectionStore(postgres)
            .AddProjectorCore(postgres)
            .Configure<ProjectorOptions>(o =>
            {
                o.FullPassChunk = 40;
                o.BulkWriteThreshold = bulkFrom;
            })
            .BuildServiceProvider();

    private static async Task<ProjectionWriter.Result> ReplayAsync(ServiceProvider services, string tenant)
    {
        var store = services.GetRequiredService<IDocumentStore>();
        await using (var session = store.LightweightSession(tenant))
        {
            var state = (await session.LoadAsync<ProjectionState>(ProjectionState.DocumentId))!;
            state.FullRecomputePending = true;
            session.Store(state);
            await session.SaveChangesAsync();
        }
        return await services
            .GetRequiredService<ProjectionWriter>()
            .RecomputeAsync(tenant, CancellationToken.None);
    }

    /// <summary>Each document's id with what must not depend on the write path (its stamp may).</summary>
    private static async Task<Dictionary<string, string>> StoredAsync(string postgres, string tenant)
    {
        await using var connection = new NpgsqlConnection(postgres);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "select id, concat_ws('|', class, kind, status, partition, data ->> 'ContentHash',"
                + " array_to_string(related_ids, ','), array_to_string(array(select e from"
                + " jsonb_array_elements_text(data -> 'EducationOrganizationIds') e order by e), ','))"
                + " from oneroster.mt_doc_onerosterdocument where tenant_id = $1",
            connection
        );
        command.Parameters.AddWithValue(tenant);
        var stored = new Dictionary<string, string>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            stored[reader.GetString(0)] = reader.GetString(1);
        }
        return stored;
    }

    private static async Task<List<(string, string?, long)>> CountedAsync(string postgres, string tenant) =>
        await QueryCountsAsync(
            postgres,
            tenant,
            "select class, kind, n from oneroster.document_counts where tenant_id = $1 and n > 0"
                + " order by class, kind"
        );

    private static async Task<List<(string, string?, long)>> CountAsync(string postgres, string tenant) =>
        await QueryCountsAsync(
            postgres,
            tenant,
            // The counts table keeps a document without a kind under "".
            "select class, coalesce(kind, ''), count(*) from oneroster.mt_doc_onerosterdocument"
                + " where tenant_id = $1 group by 1, 2 order by 1, 2"
        );

    private static async Task<List<(string, string?, long)>> QueryCountsAsync(
        string postgres,
        string tenant,
        string sql
    )
    {
        await using var connection = new NpgsqlConnection(postgres);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue(tenant);
        var rows = new List<(string, string?, long)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(
                (reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetInt64(2))
            );
        }
        return rows;
    }
}
