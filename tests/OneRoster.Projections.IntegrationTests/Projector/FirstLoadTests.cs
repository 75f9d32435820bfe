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
/// A tenant's first load inserts its documents step after step without comparing them with stored ones; a
/// replay replaces every changed row. Both write through <see cref="DocumentRows"/>: they must store exactly
/// what Marten's own upsert stores, keep the counts the API serves X-Total-Count from, and leave a store
/// the next pass finds unchanged.
/// </summary>
public sealed class FirstLoadTests
{
    [Fact]
    public async Task a_first_load_in_steps_and_a_replay_rewriting_every_document_keep_rows_and_counts_right()
    {
        var postgres = await TestServices.PostgresAsync();
        var tenant = TestServices.NewTenant("firstload");
        var district = DistrictGenerator.Generate(300, seed: 7);
        // Steps of 40 partitions: the first load writes many steps, each while the next is computed.
        await using var projector = Projector(postgres);
        await DistrictPages.ApplyAsync(projector.GetRequiredService<SourceStoreApplier>(), tenant, district);

        var first = await projector
            .GetRequiredService<ProjectionWriter>()
            .RecomputeAsync(tenant, CancellationToken.None);
        var loaded = await StoredAsync(postgres, tenant);
        var again = await ReplayAsync(projector, tenant);

        Assert.True(loaded.Count > 1000, $"only {loaded.Count} documents");
        Assert.Equal(loaded.Count, first.Written);
        Assert.Equal(await CountedAsync(postgres, tenant), await CountAsync(postgres, tenant));
        Assert.Equal(0, again.Written);
        Assert.Equal(loaded.Count, again.Active);
        // Steps are written while the next is computed, yet each step's stamps follow the previous step's:
        // along the partitions' order (the order of the steps), stamps never go back.
        var (backwards, stamps) = await StampOrderAsync(postgres, tenant);
        Assert.Equal(0, backwards);
        Assert.True(stamps > 10, $"only {stamps} distinct stamps: the load took few steps");

        // As after a mapping change: every stored hash differs from the projection's.
        await TestServices.ExecuteAsync(
            postgres,
            "update oneroster.mt_doc_onerosterdocument set data = jsonb_set(data, '{ContentHash}', '\"stale\"')"
                + " where tenant_id = $1",
            tenant
        );
        var rewrite = await ReplayAsync(projector, tenant);

        Assert.Equal(loaded.Count, rewrite.Written);
        Assert.Equal(0, rewrite.Tombstoned);
        Assert.Equal(loaded.OrderBy(p => p.Key), (await StoredAsync(postgres, tenant)).OrderBy(p => p.Key));
        Assert.Equal(await CountedAsync(postgres, tenant), await CountAsync(postgres, tenant));
        Assert.Equal(0, (await StampOrderAsync(postgres, tenant)).Backwards);
    }

    [Fact]
    public async Task rows_written_by_document_rows_equal_those_martens_upsert_stores()
    {
        var postgres = await TestServices.PostgresAsync();
        var byMarten = TestServices.NewTenant("rowsmarten");
        var byRows = TestServices.NewTenant("rowsqueued");
        using var store = DocumentStore.For(o => ProjectionStore.Configure(o, postgres));
        // Below a microsecond too: PostgreSQL keeps microseconds, and Marten truncates the rest.
        var stamp = new DateTimeOffset(2026, 3, 4, 5, 6, 7, 891, TimeSpan.Zero).AddTicks(5_555);
        List<OneRosterDocument> Documents(string status) =>
            [
                new()
                {
                    Id = OneRosterDocument.IdOf("enrollments", "e-1"),
                    Class = "enrollments",
                    SourcedId = "e-1",
                    Status = status,
                    DateLastModified = stamp,
                    Kind = "student",
                    ContentHash = "h1",
                    Json =
                        $$"""{"sourcedId":"e-1","status":"{{status}}","user":{"href":"u","sourcedId":"u \"1\"","type":"user"},"class":{"href":"c","sourcedId":"c-1","type":"class"},"school":{"href":"s","sourcedId":"s-1","type":"org"},"role":"student"}""",
                    EducationOrganizationIds = [255901001, 255901],
                    MappingVersion = "3",
                    Partition = "class:c-1",
                },
                new()
                {
                    Id = OneRosterDocument.IdOf("orgs", "o-1"),
                    Class = "orgs",
                    SourcedId = "o-1",
                    Status = status,
                    DateLastModified = stamp.AddMilliseconds(1),
                    Kind = null,
                    ContentHash = "h2",
                    Json = """{"sourcedId":"o-1","name":"Ünïcode ✓"}""",
                    EducationOrganizationIds = [],
                    MappingVersion = "3",
                    Partition = null,
                },
            ];
        async Task WriteAsync(string status, bool mayExist)
        {
            await using (var session = store.LightweightSession(byMarten))
            {
                session.Store(Documents(status).ToArray());
                await session.SaveChangesAsync();
            }
            await using (var session = store.LightweightSession(byRows))
            {
                DocumentRows.QueueReplace(session, Documents(status), mayExist);
                await session.SaveChangesAsync();
            }
        }

        await WriteAsync("active", mayExist: false);
        var inserted = (await RowsAsync(postgres, byMarten), await RowsAsync(postgres, byRows));
        await WriteAsync("tobedeleted", mayExist: true);
        var replaced = (await RowsAsync(postgres, byMarten), await RowsAsync(postgres, byRows));
        await WriteAsync("active", mayExist: false);
        var overwritten = (await RowsAsync(postgres, byMarten), await RowsAsync(postgres, byRows));

        Assert.Equal(2, inserted.Item1.Count);
        Assert.Equal(inserted.Item1, inserted.Item2);
        Assert.Contains("tobedeleted", replaced.Item1[0]);
        Assert.Equal(replaced.Item1, replaced.Item2);
        Assert.Equal(overwritten.Item1, overwritten.Item2);
        Assert.Equal(await CountedAsync(postgres, byMarten), await CountedAsync(postgres, byRows));
    }

    [Fact]
    public async Task more_documents_than_one_statement_takes_are_all_replaced_in_one_commit()
    {
        var postgres = await TestServices.PostgresAsync();
        var tenant = TestServices.NewTenant("rowsmany");
        using var store = DocumentStore.For(o => ProjectionStore.Configure(o, postgres));
        List<OneRosterDocument> Documents(string status) =>
            [
                .. Enumerable
                    .Range(0, 4_500)
                    .Select(i => new OneRosterDocument
                    {
                        Id = OneRosterDocument.IdOf("users", "u" + i),
                        Class = "users",
                        SourcedId = "u" + i,
                        Status = status,
                        Kind = "student",
                        ContentHash = "h",
                        Json = $$"""{"sourcedId":"u{{i}}","status":"{{status}}"}""",
                        Partition = "student:" + i,
                    }),
            ];
        async Task<List<(string, string?, long)>> ReplaceAsync(string status)
        {
            await using var session = store.LightweightSession(tenant);
            DocumentRows.QueueReplace(session, Documents(status));
            await session.SaveChangesAsync();
            return await QueryCountsAsync(
                postgres,
                tenant,
                "select status, null, count(*) from oneroster.mt_doc_onerosterdocument where tenant_id = $1"
                    + " group by status"
            );
        }

        Assert.Equal([("active", null, 4_500L)], await ReplaceAsync("active"));
        Assert.Equal([("tobedeleted", null, 4_500L)], await ReplaceAsync("tobedeleted"));
        Assert.Equal([("users", "student", 4_500L)], await CountedAsync(postgres, tenant));
    }

    [Fact]
    public async Task documents_stored_before_partitions_keep_their_content_when_a_replays_last_step_rewrites_them()
    {
        var postgres = await TestServices.PostgresAsync();
        var tenant = TestServices.NewTenant("legacylast");
        await using var projector = Projector(postgres);
        await DistrictPages.ApplyAsync(
            projector.GetRequiredService<SourceStoreApplier>(),
            tenant,
            DistrictGenerator.Generate(100, seed: 11)
        );
        await projector.GetRequiredService<ProjectionWriter>().RecomputeAsync(tenant, CancellationToken.None);
        var loaded = await StoredAsync(postgres, tenant);
        // As an older version stored them: without a partition, the documents of the first and of the last
        // partition (the last step of a pass, which also retires what is still unpartitioned after it).
        const string Unpartition =
            "update oneroster.mt_doc_onerosterdocument set partition = null, data = data - 'Partition'"
            + " where tenant_id = $1 and partition in ((select min(partition collate \"C\") from"
            + " oneroster.mt_doc_onerosterdocument where tenant_id = $1), (select max(partition collate \"C\")"
            + " from oneroster.mt_doc_onerosterdocument where tenant_id = $1))";

        await TestServices.ExecuteAsync(postgres, Unpartition, tenant);
        var unchanged = await ReplayAsync(projector, tenant);
        var afterUnchanged = await StoredAsync(postgres, tenant);
        await TestServices.ExecuteAsync(postgres, Unpartition, tenant);
        await TestServices.ExecuteAsync(
            postgres,
            "update oneroster.mt_doc_onerosterdocument set data = jsonb_set(data, '{ContentHash}', '\"stale\"')"
                + " where tenant_id = $1",
            tenant
        );
        var rewritten = await ReplayAsync(projector, tenant);

        Assert.Equal(0, unchanged.Tombstoned);
        Assert.Equal(0, unchanged.Written);
        Assert.Equal(loaded.OrderBy(p => p.Key), afterUnchanged.OrderBy(p => p.Key));
        Assert.Equal(0, rewritten.Tombstoned);
        Assert.Equal(loaded.Count, rewritten.Written);
        Assert.Equal(loaded.OrderBy(p => p.Key), (await StoredAsync(postgres, tenant)).OrderBy(p => p.Key));
    }

    /// <summary>Every column of the tenant's rows but the tenant and Marten's version and time of writing.</summary>
    private static async Task<List<string>> RowsAsync(string postgres, string tenant)
    {
        await using var connection = new NpgsqlConnection(postgres);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "select concat_ws(' | ', id, data::text, mt_dotnet_type, class, sourced_id, status,"
                + " date_last_modified, coalesce(kind, '(null)'), coalesce(partition, '(null)'),"
                + " education_organization_ids::text, related_ids::text)"
                + " from oneroster.mt_doc_onerosterdocument where tenant_id = $1 order by id",
            connection
        );
        command.Parameters.AddWithValue(tenant);
        var rows = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0));
        }
        return rows;
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

    private static ServiceProvider Projector(string postgres) =>
        new ServiceCollection()
            .AddLogging()
            .AddMetrics()
            .AddProjectionStore(postgres)
            .AddProjectorCore(postgres)
            .Configure<ProjectorOptions>(o => o.FullPassChunk = 40)
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
