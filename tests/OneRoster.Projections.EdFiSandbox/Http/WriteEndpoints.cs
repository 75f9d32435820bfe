using System.Text.Json;
using System.Text.Json.Nodes;

namespace OneRoster.Projections.EdFiSandbox;

/// <summary>POST (upsert by natural key), PUT by id (key changes where allowed) and DELETE by id.</summary>
internal static class WriteEndpoints
{
    public static void MapWrites(this IEndpointRouteBuilder app)
    {
        app.MapPost(
            "/data/v3/ed-fi/{resource}",
            async (string resource, HttpContext context, SandboxStore store) =>
            {
                if (await ReadBody(context.Request) is not { } body)
                {
                    return Problems.DataValidation("The request body must be a JSON object.");
                }
                var result = store.Upsert(resource, body);
                if (result.Outcome == WriteOutcome.Created)
                {
                    var request = context.Request;
                    var location =
                        $"{request.Scheme}://{request.Host}{request.PathBase}/data/v3/ed-fi/"
                        + $"{store.ResolveResource(resource)}/{result.Id}";
                    return Results.Created(location, null);
                }
                return ToResult(result, Results.Ok());
            }
        );

        app.MapPut(
            "/data/v3/ed-fi/{resource}/{id}",
            async (string resource, string id, HttpContext context, SandboxStore store) =>
            {
                if (await ReadBody(context.Request) is not { } body)
                {
                    return Problems.DataValidation("The request body must be a JSON object.");
                }
                return ToResult(store.Update(resource, id, body), Results.NoContent());
            }
        );

        app.MapDelete("/data/v3/ed-fi/{resource}/{id}", (string resource, string id, SandboxStore store) =>
            ToResult(store.Delete(resource, id), Results.NoContent())
        );
    }

    private static IResult ToResult(WriteResult result, IResult success) =>
        result.Outcome switch
        {
            WriteOutcome.Created or WriteOutcome.Updated or WriteOutcome.Unchanged or WriteOutcome.Deleted =>
                success,
            WriteOutcome.NotFound or WriteOutcome.UnknownResource => Problems.NotFound(),
            WriteOutcome.KeyChangeNotSupported => Problems.KeyChangeNotSupported(result.Detail ?? ""),
            WriteOutcome.Conflict => Problems.Conflict(result.Detail ?? ""),
            _ => Problems.DataValidation(result.Detail ?? "The request is invalid."),
        };

    private static async Task<JsonObject?> ReadBody(HttpRequest request)
    {
        try
        {
            return await JsonNode.ParseAsync(request.Body) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
