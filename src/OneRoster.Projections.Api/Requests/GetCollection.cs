using Mediator;
using OneRoster.Projections.Api.Querying;

namespace OneRoster.Projections.Api.Requests;

/// <summary><c>GET {base}/{collection}</c>: a page of the collection, filtered, sorted and projected.</summary>
public sealed record GetCollection(RosteringCollection Collection, QueryParameters Parameters)
    : IRosteringRequest
{
    public OneRosterFields Fields => OneRosterFields.For(Collection.DocumentClass);

    public bool IsCollection => true;

    public IReadOnlyList<string> SourcedIds => [];
}

public sealed class GetCollectionHandler(DocumentReader reader, ApiSettings settings)
    : IRequestHandler<GetCollection, IResult>
{
    public async ValueTask<IResult> Handle(GetCollection request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return await ReadPageAsync(reader, settings, request, request.Collection, null, cancellationToken);
    }

    /// <summary>The part every collection read shares, nested ones included.</summary>
    internal static async Task<IResult> ReadPageAsync(
        DocumentReader reader,
        ApiSettings settings,
        IRosteringRequest request,
        RosteringCollection collection,
        Func<RelationSql, string>? related,
        CancellationToken cancellationToken
    )
    {
        var (query, page) = DocumentQuery.For(request, collection, settings, related);
        var (total, objects) = await reader.ReadPageAsync(query, page, cancellationToken);
        var selected = FieldSelection.Apply(objects, request.Parameters.ReadFields());
        return Envelope.Page(collection.CollectionKey, selected, page, total);
    }
}
