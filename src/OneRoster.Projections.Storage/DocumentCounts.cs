using Npgsql;

namespace OneRoster.Projections.Storage;

/// <summary>
/// How many documents each tenant holds per class and kind, kept by PostgreSQL itself: statement triggers on
/// the document table add what every insert, update, delete or truncate changed, in the writer's transaction.
/// An unfiltered page (a vendor's full sync: <c>/users?limit=100&amp;offset=…</c>) then reads its
/// <c>X-Total-Count</c> from one row instead of counting the class again on every request.
/// </summary>
public static class DocumentCounts
{
    public const string Table = ProjectionStore.Schema + ".document_counts";

    private const string Documents = ProjectionStore.Schema + ".mt_doc_onerosterdocument";

    /// <summary>Changes when the triggers change, so that a new version installs (and recounts) again.</summary>
    private const string Version = "v1";

    private const string InsertTrigger = "document_counts_insert_" + Version;

    /// <summary>
    /// Installs the table and triggers when they are missing and counts the documents already stored,
    /// holding writers off meanwhile so that no write is counted twice or missed.
    /// </summary>
    /// <returns>Whether the counts are kept (false when the document table does not exist yet).</returns>
    public static async Task<bool> EnsureAsync(
        NpgsqlDataSource dataSource,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var (exists, installed) = await StateAsync(connection, null, cancellationToken);
        if (!exists || installed)
        {
            return installed;
        }

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // Waits for the writers in flight, and holds off new ones meanwhile: not for long.
        await ExecuteAsync(
            connection,
            transaction,
            $"set local lock_timeout = '5s'; lock table {Documents} in share row exclusive mode",
            cancellationToken
        );
        // Another process may have installed them while this one waited for the lock.
        if (!(await StateAsync(connection, transaction, cancellationToken)).Installed)
        {
            await ExecuteAsync(connection, transaction, InstallSql, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>The count of one class (and kind) of a tenant, as SQL over the given placeholders.</summary>
    public static string CountSql(string tenant, string @class, string? kind) =>
        $"select coalesce(sum(n), 0)::bigint from {Table} where tenant_id = {tenant} and class = {@class}"
        + (kind is null ? "" : $" and kind = {kind}");

    private static async Task<(bool Exists, bool Installed)> StateAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction? transaction,
        CancellationToken cancellationToken
    )
    {
        await using var command = new NpgsqlCommand(
            "select to_regclass($2) is not null, "
                + "exists (select 1 from pg_trigger where tgname = $1 and tgrelid = to_regclass($2))",
            connection,
            transaction
        );
        command.Parameters.AddWithValue(InsertTrigger);
        command.Parameters.AddWithValue(Documents);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.GetBoolean(0), reader.GetBoolean(1));
    }

    private static async Task ExecuteAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        string sql,
        CancellationToken cancellationToken
    )
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    // Counter rows are upserted in key order, so two writers never take their locks in opposite orders.
    // A document without a kind counts under ''.
    private const string Apply =
        " order by 1, 2, 3 on conflict (tenant_id, class, kind) do update set n = c.n + excluded.n;";

    private static readonly string InstallSql = $"""
        create table if not exists {Table} (
            tenant_id varchar not null,
            class varchar not null,
            kind varchar not null,
            n bigint not null,
            primary key (tenant_id, class, kind));

        create or replace function {Table}_added() returns trigger language plpgsql as $$
        begin
            insert into {Table} as c (tenant_id, class, kind, n)
            select tenant_id, class, coalesce(kind, ''), count(*) from added group by 1, 2, 3{Apply}
            return null;
        end $$;

        create or replace function {Table}_removed() returns trigger language plpgsql as $$
        begin
            insert into {Table} as c (tenant_id, class, kind, n)
            select tenant_id, class, coalesce(kind, ''), -count(*) from removed group by 1, 2, 3{Apply}
            return null;
        end $$;

        create or replace function {Table}_changed() returns trigger language plpgsql as $$
        begin
            insert into {Table} as c (tenant_id, class, kind, n)
            select tenant_id, class, kind, sum(n) from (
                select tenant_id, class, coalesce(kind, '') as kind, -1 as n from removed
                union all
                select tenant_id, class, coalesce(kind, ''), 1 from added) as moved
            group by 1, 2, 3 having sum(n) <> 0{Apply}
            return null;
        end $$;

        create or replace function {Table}_truncated() returns trigger language plpgsql as $$
        begin
            delete from {Table};
            return null;
        end $$;

        -- Every version's triggers, so that an older one never adds its counts to the new one's.
        do $$
        declare trigger_name name;
        begin
            for trigger_name in
                select tgname from pg_trigger
                where tgrelid = '{Documents}'::regclass and tgname like 'document\_counts\_%'
            loop
                execute format('drop trigger %I on {Documents}', trigger_name);
            end loop;
        end $$;
        create trigger document_counts_update_{Version} after update on {Documents}
            referencing old table as removed new table as added
            for each statement execute function {Table}_changed();
        create trigger document_counts_delete_{Version} after delete on {Documents}
            referencing old table as removed
            for each statement execute function {Table}_removed();
        create trigger document_counts_truncate_{Version} after truncate on {Documents}
            for each statement execute function {Table}_truncated();
        -- Created last: its presence tells that the counts are kept.
        create trigger {InsertTrigger} after insert on {Documents}
            referencing new table as added
            for each statement execute function {Table}_added();

        delete from {Table};
        insert into {Table} (tenant_id, class, kind, n)
        select tenant_id, class, coalesce(kind, ''), count(*) from {Documents} group by 1, 2, 3;
        """;
}
