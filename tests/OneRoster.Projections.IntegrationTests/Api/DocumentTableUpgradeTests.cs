using System.Net.Http.Json;
using System.Text.Json;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OneRoster.Projections.Api;
using OneRoster.Projections.IntegrationTests.Infrastructure;
using OneRoster.Projections.Storage;
using Xunit;

namespace OneRoster.Projections.IntegrationTests.Api;

/// <summary>
/// A document table left by an earlier version: its documents have the related-ids column empty (Marten adds
/// the column and fills it from a JSON member that is not there) and it still has a single-column index
/// Marten no longer creates. The one-off upgrade fills the column from the stored JSON and drops the index.
/// </summary>
public sealed class DocumentTableUpgradeTests
{
    private const string Table = ProjectionStore.Schema + ".mt_doc_onerosterdocument";

    [Fact]
    public async Task documents_stored_without_related_ids_get_them_from_their_json_once()
    {
        var connectionString = await TestServices.PostgresAsync();
        using var store = DocumentStore.For(options => ProjectionStore.Configure(options, connectionString));
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var tenant = "backfill-" + Guid.NewGuid().ToString("N");
        await store.BulkInsertAsync(
            tenant,
            [
                Documents.Enrollment("e1", "student", "u1", "c1"),
                Documents.Enrollment("e2", "teacher", "u2", "c1"),
                Documents.User("u1", "student"),
            ]
        );
        // As an older version left them: empty, and (a column added by hand) null.
        await ExecuteAsync(
            dataSource,
            $"update {Table} set related_ids = '{{}}' where tenant_id = $1",
            tenant
        );
        await ExecuteAsync(
            dataSource,
            $"update {Table} set related_ids = null where tenant_id = $1 and id = 'enrollments|e2'",
            tenant
        );
        // An index an earlier version had Marten create for a duplicated column (empty here, so that no plan
        // of a test running beside this one picks it up).
        await using (
            var index = dataSource.CreateCommand(
                $"create index if not exists mt_doc_onerosterdocument_idx_class on {Table} (class) where false"
            )
        )
        {
            await index.ExecuteNonQueryAsync();
        }
        await using (
            var index = dataSource.CreateCommand(
                $"create index if not exists mt_doc_sourcerecord_idx_resource on {ProjectionStore.Schema}"
                    + ".mt_doc_sourcerecord (resource) where false"
            )
        )
        {
            await index.ExecuteNonQueryAsync();
        }

        await using (var session = store.LightweightSession())
        {
            session.Delete<StorageMigration>(DocumentTableUpgrade.MigrationId);
            await session.SaveChangesAsync();
        }

        var changed = await DocumentTableUpgrade.RunAsync(store, dataSource, CancellationToken.None);

        Assert.True(changed >= 2, $"changed {changed}");
        Assert.Equal(["class:c1", "user:u1"], await RelatedIdsAsync(dataSource, tenant, "enrollments|e1"));
        Assert.Equal(["class:c1", "user:u2"], await RelatedIdsAsync(dataSource, tenant, "enrollments|e2"));
        Assert.Empty(await RelatedIdsAsync(dataSource, tenant, "users|u1"));
        await using (var index = dataSource.CreateCommand("select to_regclass($1) is null"))
        {
            index.Parameters.AddWithValue(ProjectionStore.Schema + ".mt_doc_onerosterdocument_idx_class");
            Assert.True((bool)(await index.ExecuteScalarAsync())!, "the superseded index is still there");
        }
        await using (
            var index = dataSource.CreateCommand(
                "select to_regclass($1) is null, to_regclass($2) is not null"
            )
        )
        {
            index.Parameters.AddWithValue(ProjectionStore.Schema + ".mt_doc_sourcerecord_idx_resource");
            index.Parameters.AddWithValue(ProjectionStore.Schema + ".ix_sourcerecord_edfi_id");
            await using var reader = await index.ExecuteReaderAsync();
            await reader.ReadAsync();
            Assert.True(reader.GetBoolean(0), "the superseded source record index is still there");
            Assert.True(reader.GetBoolean(1), "the source records' Ed-Fi id index is missing");
        }

        // Done once for the deployment: a second run finds the migration recorded and reads nothing.
        await ExecuteAsync(
            dataSource,
            $"update {Table} set related_ids = '{{}}' where tenant_id = $1",
            tenant
        );
        Assert.Null(await DocumentTableUpgrade.RunAsync(store, dataSource, CancellationToken.None));
        Assert.Empty(await RelatedIdsAsync(dataSource, tenant, "enrollments|e1"));

        await ExecuteAsync(dataSource, $"delete from {Table} where tenant_id = $1", tenant);
    }

    [Fact]
    public async Task the_api_upgrades_a_table_no_projector_has_upgraded_before_it_serves_a_nested_endpoint()
    {
        await using var host = await ApiTestHost.StartAsync([
            Documents.Class("c1"),
            Documents.User("u1", "student"),
            Documents.User("u2", "student"),
            Documents.Enrollment("e1", "student", "u1", "c1"),
        ]);
        var dataSource = host.App.Services.GetRequiredService<NpgsqlDataSource>();
        var connectionString = await TestServices.PostgresAsync();
        using var store = DocumentStore.For(options => ProjectionStore.Configure(options, connectionString));
        // As an older version left the table, with this API process meeting it for the first time.
        await ExecuteAsync(
            dataSource,
            $"update {Table} set related_ids = '{{}}' where tenant_id = $1",
            host.Tenant
        );
        await using (var session = store.LightweightSession())
        {
            session.Delete<StorageMigration>(DocumentTableUpgrade.MigrationId);
            await session.SaveChangesAsync();
        }
        DatabasePreparation.Forget(dataSource);

        var students = await host.Client.GetFromJsonAsync<JsonElement>(
            "/ims/oneroster/rostering/v1p2/classes/c1/students"
        );

        Assert.Equal(
            ["u1"],
            students
                .GetProperty("users")
                .EnumerateArray()
                .Select(user => user.GetProperty("sourcedId").GetString())
        );
    }

    private static async Task ExecuteAsync(NpgsqlDataSource dataSource, string sql, string tenant)
    {
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.AddWithValue(tenant);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<string[]> RelatedIdsAsync(NpgsqlDataSource dataSource, string tenant, string id)
    {
        await using var command = dataSource.CreateCommand(
            $"select related_ids from {Table} where tenant_id = $1 and id = $2"
        );
        command.Parameters.AddWithValue(tenant);
        command.Parameters.AddWithValue(id);
        var ids = (string[])(await command.ExecuteScalarAsync())!;
        return [.. ids.Order(StringComparer.Ordinal)];
    }
}
