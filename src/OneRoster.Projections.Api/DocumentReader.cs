using Marten;
using Npgsql;
using OneRoster.Projections.Api.Querying;
using OneRoster.Projections.Api.Requests;
using OneRoster.Projections.Api.Security;
using OneRoster.Projections.Storage;

namespace OneRoster.Projections.Api;

/// <summary>What one page read selects: a collection, optionally narrowed by a relationship and a filter.</summary>
/// <param name="Related">SQL condition on <c>d</c>/<c>j</c> that ties rows to a parent (nested endpoints).</param>
public sealed record DocumentQuery(
    RosteringCollection Collection,
    Filter? Filter,
    (string Name, Field Field, bool Descending)? Sort,
    Func<RelationSql, string>? Related = null
)
{
    /// <summary>What a validated collection request reads: its filter, sort and page.</summary>
    public static (DocumentQuery Query, CollectionQuery Page) For(
        IRosteringRequest request,
        RosteringCollection collection,
        ApiSettings settings,
        Func<RelationSql, string>? related = null
    )
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(settings);
        var parameters = request.Parameters;
        var query = new DocumentQuery(
            collection,
            parameters.ReadFilter(request.Fields),
            parameters.ReadSort(request.Fields),
            related
        );
        return (query, parameters.Page(settings.MaxLimit));
    }
}

/// <summary>The SQL of one page read: its total count and its rows, sharing <paramref name="Parameters"/>.</summary>
public sealed record PageStatements(string CountSql, string PageSql, SqlParameters Parameters)
{
    /// <summary>A batch command running <paramref name="sql"/> with these parameters.</summary>
    public NpgsqlBatchCommand Command(string sql)
    {
        var command = new NpgsqlBatchCommand(sql);
        Parameters.CopyTo(command.Parameters);
        return command;
    }
}

/// <summary>What a relationship's condition may use: the document table, the tenant and parameters.</summary>
public sealed record RelationSql(string Table, string Tenant, SqlParameters Parameters)
{
    /// <summary>The stored object of row <paramref name="alias"/> as jsonb.</summary>
    public static string Json(string alias) => $"(({alias}.data ->> 'Json')::jsonb)";
}

/// <summary>
/// Reads served documents of the request's tenant with SQL over the Marten document table, and
/// returns the stored JSON strings untouched. Rows are ordered by the requested field and then by
/// sourcedId in ordinal order whatever the database's collation, so paging is stable.
/// A credential limited to education organizations adds one more bound condition, ANDed beside the
/// tenant and outside the client's filter group, so no filter (an OR included) reaches past it.
/// </summary>
public sealed class DocumentReader(NpgsqlDataSource dataSource, IDocumentStore store, RequestAccess access)
{
    private OrganizationScope? scope;

    private bool countsKept;

    private string Table =>
        store.Options.FindOrResolveDocumentType(typeof(OneRosterDocument)).TableName.QualifiedName;

    /// <returns>The total and the page's objects as the UTF-8 JSON stored, never decoded.</returns>
    public async Task<(long TotalCount, IReadOnlyList<byte[]> Page)> ReadPageAsync(
        DocumentQuery query,
        CollectionQuery page,
        CancellationToken cancellationToken
    )
    {
        try
        {
            return await ReadPageOnceAsync(query, page, cancellationToken);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            // The database was dropped and created again since this process checked it (tests do): check again.
            DatabasePreparation.Forget(dataSource);
            return await ReadPageOnceAsync(query, page, cancellationToken);
        }
    }

    private async Task<(long TotalCount, IReadOnlyList<byte[]> Page)> ReadPageOnceAsync(
        DocumentQuery query,
        CollectionQuery page,
        CancellationToken cancellationToken
    )
    {
        var statements = await PageStatementsAsync(query, page, cancellationToken);
        if (query.Related is not null)
        {
            await DatabasePreparation.UpgradeAsync(dataSource, store, cancellationToken);
        }

        // Both statements travel in one round trip; the page of an offset past the end is simply empty.
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(statements.Command(statements.CountSql));
        batch.BatchCommands.Add(statements.Command(statements.PageSql));
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var total = reader.GetInt64(0);
        await reader.NextResultAsync(cancellationToken);
        var rows = new List<byte[]>(Math.Min(page.Limit, 1000));
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(reader.GetFieldValue<byte[]>(0));
        }

        return (total, rows);
    }

    /// <summary>
    /// The two statements a page read runs, exactly as <see cref="ReadPageAsync"/> sends them: the
    /// total count and the page, over the same parameters (so their plans can be examined too).
    /// </summary>
    public async Task<PageStatements> PageStatementsAsync(
        DocumentQuery query,
        CollectionQuery page,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(page);
        await EnsureStorageAsync(cancellationToken);

        var parameters = new SqlParameters();
        var from =
            From(query, parameters)
            + await AuthorizationAsync(query.Collection.DocumentClass, parameters, cancellationToken);

        // A delta query finds its matches through the date index and sorts them. Ordered by the plain
        // column, the planner may instead walk the sourcedId index and test every row's date, reading the
        // whole class when few rows changed: its date statistics are shared by all tenants, so it cannot
        // tell how few. The concatenation orders the same bytes but is not the indexed expression.
        var bySourcedId = query.Filter is { IsChangedSince: true }
            ? "(d.sourced_id || '') collate \"C\""
            : "d.sourced_id collate \"C\"";
        var order = bySourcedId;
        if (query.Sort is { } sort)
        {
            var direction = sort.Descending ? "desc" : "asc";
            var key = sort.Name == "sourcedId" ? bySourcedId : sort.Field.SortExpression;
            order = $"{key} {direction} nulls last, {bySourcedId}";
        }

        var sql =
            $"select d.data ->> 'Json' {from} order by {order} "
            + $"limit {parameters.Add(page.Limit)} offset {parameters.Add(page.Offset)}";

        // A whole collection (or subset) seen by a credential for the whole tenant: its kept count.
        var whole =
            query.Filter is null
            && query.Related is null
            && access.EducationOrganizationIds is null
            && countsKept;
        var count = whole
            ? DocumentCounts.CountSql(
                parameters.Add(access.Tenant),
                parameters.Add(query.Collection.DocumentClass),
                query.Collection.Kind is { } kind ? parameters.Add(kind) : null
            )
            : $"select count(*) {from}";
        return new PageStatements(count, sql, parameters);
    }

    /// <returns>The stored JSON (UTF-8), or null when the collection holds no such sourcedId.</returns>
    public async Task<byte[]?> ReadOneAsync(
        RosteringCollection collection,
        string sourcedId,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(collection);
        await EnsureStorageAsync(cancellationToken);
        var parameters = new SqlParameters();
        var sql =
            $"select d.data ->> 'Json' from {Table} d where d.tenant_id = {parameters.Add(access.Tenant)} "
            + $"and d.id = {parameters.Add(OneRosterDocument.IdOf(collection.DocumentClass, sourcedId))}"
            + (collection.Kind is { } kind ? $" and d.kind = {parameters.Add(kind)}" : "")
            + await AuthorizationAsync(collection.DocumentClass, parameters, cancellationToken);
        var rows = await StringsAsync(sql, parameters, cancellationToken);
        return rows.Count == 0 ? null : rows[0];
    }

    private string From(DocumentQuery query, SqlParameters parameters)
    {
        var table = Table;
        var tenant = parameters.Add(access.Tenant);
        var sql = new System.Text.StringBuilder(
            $"from {table} d cross join lateral (select {RelationSql.Json("d")} as j) x "
                + $"where d.tenant_id = {tenant} and d.class = {parameters.Add(query.Collection.DocumentClass)}"
        );
        if (query.Collection.Kind is { } kind)
        {
            sql.Append($" and d.kind = {parameters.Add(kind)}");
        }

        if (query.Related is { } related)
        {
            sql.Append(" and (").Append(related(new RelationSql(table, tenant, parameters))).Append(')');
        }

        if (query.Filter is { } filter)
        {
            var predicates = filter.Clauses.Select(clause =>
                clause.Field.Predicate(clause.Operator, parameters.Add(clause.Value))
            );
            sql.Append(" and (").Append(string.Join(filter.IsOr ? " or " : " and ", predicates)).Append(')');
        }

        return sql.ToString();
    }

    /// <summary>
    /// The row-level condition for a limited credential (mapping.md §4): the document's organizations
    /// overlap A (the credential's organizations and those below); courses and school-year sessions may
    /// also belong to an organization above the credential (U); users need a role. Empty when the
    /// credential covers the whole tenant.
    /// </summary>
    private async Task<string> AuthorizationAsync(
        string documentClass,
        SqlParameters parameters,
        CancellationToken cancellationToken
    )
    {
        if (access.EducationOrganizationIds is not { } granted)
        {
            return "";
        }

        scope ??= OrganizationScope.From(granted, await OrganizationParentsAsync(cancellationToken));
        var reachable = parameters.Add(scope.Reachable);
        var condition = documentClass switch
        {
            "courses" => $"d.education_organization_ids && ({reachable} || {parameters.Add(scope.Above)})",
            "academicSessions" => $"d.education_organization_ids && (case when d.kind = 'schoolYear' "
                + $"then {reachable} || {parameters.Add(scope.Above)} else {reachable} end)",
            "users" => $"d.education_organization_ids && {reachable} and d.kind is not null",
            _ => $"d.education_organization_ids && {reachable}",
        };
        return $" and ({condition})";
    }

    /// <summary>Each organization's parent, from the tenant's org documents (a few hundred rows at most).</summary>
    private async Task<Dictionary<long, long>> OrganizationParentsAsync(CancellationToken cancellationToken)
    {
        var parameters = new SqlParameters();
        var sql =
            $"select o.education_organization_ids[1], p.education_organization_ids[1] from {Table} o "
            + $"join {Table} p on p.tenant_id = o.tenant_id and p.class = 'orgs' "
            + $"and p.sourced_id = {RelationSql.Json("o")} #>> '{{parent,sourcedId}}' "
            + $"where o.tenant_id = {parameters.Add(access.Tenant)} and o.class = 'orgs'";
        await using var command = dataSource.CreateCommand(sql);
        parameters.CopyTo(command);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var parents = new Dictionary<long, long>();
        while (await reader.ReadAsync(cancellationToken))
        {
            if (!reader.IsDBNull(0) && !reader.IsDBNull(1))
            {
                parents[reader.GetInt64(0)] = reader.GetInt64(1);
            }
        }

        return parents;
    }

    private async Task<List<byte[]>> StringsAsync(
        string sql,
        SqlParameters parameters,
        CancellationToken cancellationToken
    )
    {
        await using var command = dataSource.CreateCommand(sql);
        parameters.CopyTo(command);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<byte[]>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(reader.GetFieldValue<byte[]>(0));
        }

        return rows;
    }

    /// <summary>
    /// The projector normally creates the table; a fresh database gets it on the first read. Notes whether
    /// the database keeps its per-class counts.
    /// </summary>
    private async Task EnsureStorageAsync(CancellationToken cancellationToken) =>
        countsKept = await DatabasePreparation.PrepareAsync(dataSource, store, cancellationToken);
}
