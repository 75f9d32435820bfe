using Mediator;
using OneRoster.Projections.Api.Querying;

namespace OneRoster.Projections.Api.Requests;

/// <summary><c>GET {base}/{collection}/{sourcedId}</c>: one object, optionally projected by <c>fields</c>.</summary>
public sealed record GetObject(RosteringCollection Collection, string SourcedId, QueryParameters Parameters)
    : IRosteringRequest
{
    public OneRosterFields Fields => OneRosterFields.For(Collection.DocumentClass);

    public bool IsCollection => false;

    public IReadOnlyList<string> SourcedIds => [SourcedId];
}

public sealed class GetObjectHandler(DocumentReader reader) : IRequestHandler<GetObject, IResult>
{
    public async ValueTask<IResult> Handle(GetObject request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var collection = request.Collection;
        var json = await reader.ReadOneAsync(collection, request.SourcedId, cancellationToken);
        if (json is null)
        {
            return StatusInfo.NotFound(
                $"No {collection.SingleKey} with sourcedId '{request.SourcedId}' under /{collection.Path}."
            );
        }

        var fields = request.Parameters.ReadFields();
        return Envelope.SingleObject(
            collection.SingleKey,
            fields is null ? json : FieldSelection.Project(json, fields)
        );
    }
}
