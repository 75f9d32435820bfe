using System.Text.Json;
using Marten;
using Npgsql;

namespace OneRoster.Projections.Storage;

/// <summary>
/// Brings a document table written by an earlier version up to date: drops the single-column indexes
/// Marten used to create for duplicated columns of documents and source records (no longer configured, and
/// a schema update leaves an index it does not know), and, once per deployment, fills
/// <see cref="OneRosterDocument.RelatedIds"/> of documents written before the column existed (Marten leaves
/// it empty), in batches walked in key order; a row the projector rewrites meanwhile keeps what the projector
/// wrote. The projector runs it at start, the API before its first read.
/// </summary>
public static class DocumentTableUpgrade
{
    public const string MigrationId = "related-ids-v1";

    private const int BatchSize = 2_000;

    /// <returns>The rows changed, or null when the migration had already been completed.</returns>
    public static async Task<long?> RunAsync(
        IDocumentStore store,
        NpgsqlDataSource dataSource,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(dataSource);
        await store.Storage.Database.EnsureStorageExistsAsync(typeof(OneRosterDocument), cancellationToken);
        var table = store
            .Options.FindOrResolveDocumentType(typeof(OneRosterDocument))
            .TableName.QualifiedName;
        await DropSupersededIndexesAsync(
            dataSource,
            table,
            ProjectionStore.UnindexedDocumentColumns,
            cancellationToken
        );
        await store.Storage.Database.EnsureStorageExistsAsync(typeof(SourceRecord), cancellationToken);
        await DropSupersededIndexesAsync(
            dataSource,
            store.Options.FindOrResolveDocumentType(typeof(SourceRecord)).TableName.QualifiedName,
            ProjectionStore.UnindexedSourceColumns,
            cancellationToken
        );
        await using (var query = store.QuerySession())
        {
            if (await query.LoadAsync<StorageMigration>(MigrationId, cancellationToken) is not null)
            {
                return null;
            }
        }

        long changed = 0;
        string tenant = "";
        string id = "";
        while (true)
        {
            var batch = await ReadBatchAsync(dataSource, table, tenant, id, cancellationToken);
            if (batch.Count == 0)
            {
                break;
            }

            (tenant, id) = (batch[^1].Tenant, batch[^1].Id);
            var stale = batch.Where(row => !row.Computed.SequenceEqual(row.Stored)).ToList();
            if (stale.Count > 0)
            {
                changed += await WriteAsync(dataSource, table, stale, cancellationToken);
            }
        }

        await using var session = store.LightweightSession();
        session.Store(
            new StorageMigration
            {
                Id = MigrationId,
                CompletedAt = DateTimeOffset.UtcNow,
                RowsChanged = changed,
            }
        );
        await session.SaveChangesAsync(cancellationToken);
        return changed;
    }

    /// <summary>
    /// Every time, not once: a table upgraded before the drop was part of the upgrade still has them. An
    /// index that is not there costs nothing to look for; one that is goes without blocking readers.
    /// </summary>
    private static async Task DropSupersededIndexesAsync(
        NpgsqlDataSource dataSource,
        string table,
        IReadOnlyList<string> columns,
        CancellationToken cancellationToken
    )
    {
        foreach (var column in columns)
        {
            await using var drop = dataSource.CreateCommand(
                $"drop index concurrently if exists {table}_idx_{column}"
            );
            try
            {
                await drop.ExecuteNonQueryAsync(cancellationToken);
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UndefinedObject)
            {
                // Another process dropped it first.
            }
        }
    }

    private sealed record Row(string Tenant, string Id, Guid Version, List<string> Computed, string[] Stored);

    private static async Task<List<Row>> ReadBatchAsync(
        NpgsqlDataSource dataSource,
        string table,
        string tenant,
        string id,
        CancellationToken cancellationToken
    )
    {
        await using var command = dataSource.CreateCommand(
            $"select tenant_id, id, mt_version, data ->> 'Json', coalesce(related_ids, '{{}}') from {table} "
                + "where (tenant_id, id) > ($1, $2) order by tenant_id, id limit $3"
        );
        command.Parameters.AddWithValue(tenant);
        command.Parameters.AddWithValue(id);
        command.Parameters.AddWithValue(BatchSize);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<Row>(BatchSize);
        while (await reader.ReadAsync(cancellationToken))
        {
            var json = reader.IsDBNull(3) ? "" : reader.GetString(3);
            rows.Add(
                new Row(
                    reader.GetString(0),
                    reader.GetString(1),
                    reader.GetGuid(2),
                    RelatedIds.Of(json),
                    reader.GetFieldValue<string[]>(4)
                )
            );
        }

        return rows;
    }

    private static async Task<int> WriteAsync(
        NpgsqlDataSource dataSource,
        string table,
        List<Row> rows,
        CancellationToken cancellationToken
    )
    {
        // The version guard leaves alone a row rewritten since it was read: its new value is already right.
        // A row a writer holds is waited for however long (no command timeout): failing would only start over.
        await using var command = dataSource.CreateCommand(
            $"update {table} d set related_ids = array(select jsonb_array_elements_text(u.keys::jsonb)) "
                + "from unnest($1::text[], $2::text[], $3::uuid[], $4::text[]) as u(tenant, id, version, keys) "
                + "where d.tenant_id = u.tenant and d.id = u.id and d.mt_version = u.version"
        );
        command.Parameters.AddWithValue(rows.Select(row => row.Tenant).ToArray());
        command.Parameters.AddWithValue(rows.Select(row => row.Id).ToArray());
        command.Parameters.AddWithValue(rows.Select(row => row.Version).ToArray());
        command.Parameters.AddWithValue(rows.Select(row => JsonSerializer.Serialize(row.Computed)).ToArray());
        command.CommandTimeout = 0;
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
