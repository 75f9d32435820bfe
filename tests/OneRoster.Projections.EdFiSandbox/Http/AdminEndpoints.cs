using System.Text.Json.Nodes;

namespace OneRoster.Projections.EdFiSandbox;

/// <summary>
/// Sandbox controls that a real ODS host does outside the API (here: taking and dropping the snapshot).
/// </summary>
internal static class AdminEndpoints
{
    public static void MapAdmin(this IEndpointRouteBuilder app)
    {
        app.MapPost("/_sandbox/snapshot", (SandboxStore store) =>
        {
            store.TakeSnapshot();
            store.TryRead(true, s => s.ChangeVersion, out var version);
            return Results.Json(new JsonObject { ["newestChangeVersion"] = version }, statusCode: 201);
        });
        app.MapDelete("/_sandbox/snapshot", (SandboxStore store) =>
            store.DropSnapshot() ? Results.NoContent() : Problems.SnapshotNotFound()
        );
    }
}
