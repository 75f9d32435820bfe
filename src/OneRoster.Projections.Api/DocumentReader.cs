using Marten;
using OneRoster.Projections.Storage;

namespace OneRoster.Projections.Api;

/// <summary>
/// Reads served documents of the configured tenant. Returns the stored JSON strings untouched; the
/// API never deserializes a OneRoster object.
/// </summary>
public sealed class DocumentReader(IDocumentStore store, ApiSettings settings) : IAsyncDisposable
{
    // Ordinal order of sourcedId whatever the database's default collation is, so paging is stable
    // and matches string.CompareOrdinal for ASCII ids.
    private const string OrderBySourcedId = "sourced_id collate \"C\"";

    private IQuerySession? session;

    private IQuerySession Session => session ??= store.QuerySession(settings.Tenant);

    public async Task<(long TotalCount, IReadOnlyList<string> Page)> ReadPageAsync(
        RosteringCollection collection,
        CollectionQuery query,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(collection);
        ArgumentNullException.ThrowIfNull(query);

        var total = await Matching(collection).LongCountAsync(cancellationToken);
        if (query.Offset >= total)
        {
            return (total, []);
        }

        var page = await Matching(collection)
            .OrderBySql(OrderBySourcedId)
            .Skip(query.Offset)
            .Take(query.Limit)
            .Select(x => x.Json)
            .ToListAsync(cancellationToken);
        return (total, page);
    }

    /// <returns>The stored JSON, or null when the collection holds no such sourcedId.</returns>
    public Task<string?> ReadOneAsync(
        RosteringCollection collection,
        string sourcedId,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(collection);
        var id = OneRosterDocument.IdOf(collection.DocumentClass, sourcedId);
        return Matching(collection)
            .Where(x => x.Id == id)
            .Select(x => x.Json)
            .FirstOrDefaultAsync(cancellationToken)!;
    }

    private IQueryable<OneRosterDocument> Matching(RosteringCollection collection)
    {
        var documentClass = collection.DocumentClass;
        var documents = Session.Query<OneRosterDocument>().Where(x => x.Class == documentClass);
        if (collection.Kind is { } kind)
        {
            documents = documents.Where(x => x.Kind == kind);
        }

        return documents;
    }

    public ValueTask DisposeAsync() => session?.DisposeAsync() ?? ValueTask.CompletedTask;
}
