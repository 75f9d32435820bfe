using Mediator;
using OneRoster.Projections.Api.Querying;
using OneRoster.Projections.Api.Requests;
using OneRoster.Projections.Api.Security;

namespace OneRoster.Projections.Api;

/// <summary>
/// The 41 rostering GETs (and HEAD on each): the twelve collections, their single-object forms and
/// the seventeen nested endpoints. Subset endpoints (schools, students, teachers, terms, gradingPeriods)
/// apply their condition to the single-object form too: a student's id under /teachers is unknown.
/// Each endpoint only turns the HTTP request into a mediator request.
/// Every endpoint is mounted twice: at the base path for the default tenant, and under
/// <c>/{tenant}</c> for any tenant. Each needs a bearer token with its scope (<see cref="ScopeRules"/>),
/// and <see cref="AccessFilter"/> binds the request to the token's tenant and organizations.
/// </summary>
public static class CollectionEndpoints
{
    public static WebApplication MapCollectionEndpoints(this WebApplication app)
    {
        MapRostering(app.MapGroup(RosteringCollections.BasePath), described: true);
        MapRostering(
            app.MapGroup($"/{{{AccessFilter.RouteParameter}}}{RosteringCollections.BasePath}"),
            described: false
        );
        return app;
    }

    private static void MapRostering(RouteGroupBuilder rostering, bool described)
    {
        rostering.AddEndpointFilter<AccessFilter>().RequireRateLimiting(RateLimiting.ClientPolicy);
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
                new CollectionEndpointMetadata(collection, IsCollection: true),
                described
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
                new CollectionEndpointMetadata(collection, IsCollection: false),
                described
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
                new CollectionEndpointMetadata(relationship.Target, IsCollection: true, relationship),
                described
            );
        }
    }

    /// <summary>
    /// GET as documented, and HEAD with the same status and headers (Kestrel drops the body). The
    /// tenant-prefixed copies stay out of the OpenAPI document, which would otherwise list every
    /// operation twice under one operationId.
    /// </summary>
    private static void Map(
        RouteGroupBuilder group,
        string pattern,
        Delegate handler,
        string operationId,
        string tag,
        CollectionEndpointMetadata metadata,
        bool described
    )
    {
        var policy = ScopeRules.For(metadata.Collection, metadata.Relationship).Policy;
        var get = group.MapGet(pattern, handler).WithMetadata(metadata).RequireAuthorization(policy);
        if (described)
        {
            get.WithName(operationId).WithTags(tag);
        }
        else
        {
            get.ExcludeFromDescription();
        }

        group
            .MapMethods(pattern, [HttpMethods.Head], handler)
            .WithMetadata(metadata)
            .RequireAuthorization(policy)
            .ExcludeFromDescription();
    }
}

/// <summary>Marks rostering endpoints so the OpenAPI document can describe their parameters.</summary>
public sealed record CollectionEndpointMetadata(
    RosteringCollection Collection,
    bool IsCollection,
    Relationship? Relationship = null
);
