using Marten;
using Marten.Linq;
using Npgsql;
using OneRoster.Projections.IntegrationTests.Infrastructure;
using OneRoster.Projections.Projector;
using OneRoster.Projections.Storage;
using Xunit;

namespace OneRoster.Projections.IntegrationTests.Projector;

/// <summary>
/// Every page looks up the stored records holding its items' Ed-Fi ids. During an initial sync the
/// statistics lag behind the table: a resource loaded since the last analyze looks rare, and with an index
/// leading with the resource the planner read all of its records for every page. The lookup must probe the
/// Ed-Fi ids whatever the statistics say.
/// </summary>
public sealed class EdFiIdLookupPlanTests
{
    [Fact]
    public async Task the_ed_fi_id_lookup_probes_the_ids_even_on_statistics_taken_before_the_resource_was_loaded()
    {
        var postgres = await TestServices.FreshDatabaseAsync("edfi_lookup_plan");
        using var store = DocumentStore.For(o => ProjectionStore.Configure(o, postgres));
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        const string Table = ProjectionStore.Schema + ".mt_doc_sourcerecord";
        await TestServices.ExecuteAsync(postgres, $"alter table {Table} set (autovacuum_enabled = false)");
        const string Tenant = "plan";
        await store.BulkInsertAsync(Tenant, Records("students", 2_000));
        await TestServices.ExecuteAsync(postgres, $"analyze {Table}");
        await store.BulkInsertAsync(Tenant, Records("studentSectionAssociations", 60_000));

        await using var session = store.QuerySession(Tenant);
        var ids = Enumerable.Range(30_000, 500).Select(i => EdFiId("studentSectionAssociations", i)).ToList();
        var query = SourceStoreApplier.HoldersOf(session, "studentSectionAssociations", ids);
        var plan = await ExplainAsync(postgres, query.ToCommand());

        Assert.Equal(500, (await query.ToListAsync()).Count);
        Assert.Contains(plan, line =>
            line.Contains("Index Cond", StringComparison.Ordinal)
            && line.Contains("ed_fi_id", StringComparison.Ordinal)
        );
    }

    private static string EdFiId(string resource, int i) => $"{resource}-{i:D8}";

    private static List<SourceRecord> Records(string resource, int count) =>
        [
            .. Enumerable
                .Range(0, count)
                .Select(i => new SourceRecord
                {
                    Id = SourceRecord.IdOf(resource, "k=" + i),
                    Resource = resource,
                    NaturalKey = "k=" + i,
                    EdFiId = EdFiId(resource, i),
                    Json = "{}",
                    Keys = ["key:" + resource + i],
                }),
        ];

    private static async Task<List<string>> ExplainAsync(string postgres, NpgsqlCommand command)
    {
        await using var connection = new NpgsqlConnection(postgres);
        await connection.OpenAsync();
        command.Connection = connection;
        command.CommandText = "explain " + command.CommandText;
        var lines = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            lines.Add(reader.GetString(0));
        }
        return lines;
    }
}
