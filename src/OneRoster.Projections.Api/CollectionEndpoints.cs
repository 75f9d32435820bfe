namespace OneRoster.Projections.Api;

/// <summary>
/// <c>GET {base}/{collection}</c> and <c>GET {base}/{collection}/{sourcedId}</c> for the twelve
/// rostering collections. Subset endpoints (schools, students, teachers, terms, gradingPeriods) apply
/// their condition to the single-object form too: a student's id under /teachers is unknown.
/// </summary>
public static class CollectionEndpoints
{
    public static WebApplication MapCollectionEndpoints(this WebApplication app)
    {
        var rostering = app.MapGroup(RosteringCollections.BasePath);
        foreach (var collection in RosteringCollections.All)
        {
            rostering
                .MapGet(
                    "/" + collection.Path,
                    (HttpContext context, DocumentReader reader, ApiSettings settings) =>
                        GetAllAsync(collection, context, reader, settings)
                )
                .WithName(collection.CollectionOperationId)
                .WithTags(collection.Tag)
                .WithMetadata(new CollectionEndpointMetadata(collection, IsCollection: true));

            rostering
                .MapGet(
                    "/" + collection.Path + "/{sourcedId}",
                    (string sourcedId, DocumentReader reader, HttpContext context) =>
                        GetOneAsync(collection, sourcedId, reader, context.RequestAborted)
                )
                .WithName(collection.SingleOperationId)
                .WithTags(collection.Tag)
                .WithMetadata(new CollectionEndpointMetadata(collection, IsCollection: false));
        }

        return app;
    }

    private static async Task<IResult> GetAllAsync(
        RosteringCollection collection,
        HttpContext context,
        DocumentReader reader,
        ApiSettings settings
    )
    {
        var query = CollectionQuery.Parse(context.Request.Query, settings.MaxLimit, out var error);
        if (query is null)
        {
            return error!;
        }

        var (total, page) = await reader.ReadPageAsync(collection, query, context.RequestAborted);
        PagingHeaders.Write(context.Response, query, total);
        return Envelope.Collection(collection.CollectionKey, page);
    }

    private static async Task<IResult> GetOneAsync(
        RosteringCollection collection,
        string sourcedId,
        DocumentReader reader,
        CancellationToken cancellationToken
    )
    {
        var json = await reader.ReadOneAsync(collection, sourcedId, cancellationToken);
        return json is null
            ? StatusInfo.NotFound(
                $"No {collection.SingleKey} with sourcedId '{sourcedId}' under /{collection.Path}."
            )
            : Envelope.SingleObject(collection.SingleKey, json);
    }
}

/// <summary>Marks rostering endpoints so the OpenAPI document can describe their parameters.</summary>
public sealed record CollectionEndpointMetadata(RosteringCollection Collection, bool IsCollection);
