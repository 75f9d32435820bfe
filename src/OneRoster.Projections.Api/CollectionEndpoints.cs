using Mediator;
using OneRoster.Projections.Api.Querying;
using OneRoster.Projections.Api.Requests;

namespace OneRoster.Projections.Api;

/// <summary>
/// The 41 rostering GETs (and HEAD on each): the twelve collections, their single-object forms and
/// the seventeen nested endpoints. Subset endpoints (schools, students, teachers, terms, gradingPeriods)
/// apply their condition to the single-object form too: a student's id under /teachers is unknown.
/// Each endpoint only turns the HTTP request into a mediator request.
/// </summary>
public static class CollectionEndpoints
{
    public static WebApplication MapCollectionEndpoints(this WebApplication app)
    {
        var rostering = app.MapGroup(RosteringCollections.BasePath);
        foreach (var collection in RosteringCollections.All)
        {
            Map(
                rostering,
                "/" + collection.Path,
                (HttpContext context, IMediator mediator) =>
                    mediator.Send(
                        new GetCollection(collection, QueryParameters.From(context.Request.Query)),
                        context.RequestAborted
                    ),
                collection.CollectionOperationId,
                collection.Tag,
                new CollectionEndpointMetadata(collection, IsCollection: true)
            );

            Map(
                rostering,
                "/" + collection.Path + "/{sourcedId}",
                (string sourcedId, HttpContext context, IMediator mediator) =>
                    mediator.Send(
                        new GetObject(collection, sourcedId, QueryParameters.From(context.Request.Query)),
                        context.RequestAborted
                    ),
                collection.SingleOperationId,
                collection.Tag,
                new CollectionEndpointMetadata(collection, IsCollection: false)
            );
        }

        foreach (var relationship in Relationships.All)
        {
            Map(
                rostering,
                relationship.Path,
                (HttpContext context, IMediator mediator) =>
                {
                    var ids = relationship
                        .Parents.Select(parent => (string)context.Request.RouteValues[parent.Parameter]!)
                        .ToList();
                    return mediator.Send(
                        new GetRelated(relationship, ids, QueryParameters.From(context.Request.Query)),
                        context.RequestAborted
                    );
                },
                relationship.OperationId,
                relationship.Tag,
                new CollectionEndpointMetadata(relationship.Target, IsCollection: true, relationship)
            );
        }

        return app;
    }

    /// <summary>GET as documented, and HEAD with the same status and headers (Kestrel drops the body).</summary>
    private static void Map(
        RouteGroupBuilder group,
        string pattern,
        Delegate handler,
        string operationId,
        string tag,
        CollectionEndpointMetadata metadata
    )
    {
        group.MapGet(pattern, handler).WithName(operationId).WithTags(tag).WithMetadata(metadata);
        group.MapMethods(pattern, [HttpMethods.Head], handler).ExcludeFromDescription();
    }
}

/// <summary>Marks rostering endpoints so the OpenAPI document can describe their parameters.</summary>
public sealed record CollectionEndpointMetadata(
    RosteringCollection Collection,
    bool IsCollection,
    Relationship? Relationship = null
);
