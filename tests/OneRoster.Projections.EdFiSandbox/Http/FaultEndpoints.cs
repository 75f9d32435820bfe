using System.Text.Json.Nodes;

namespace OneRoster.Projections.EdFiSandbox;

/// <summary>
/// <c>/_sandbox/faults</c>: the fault switches over HTTP, no token needed. Every switch takes <c>path</c>
/// (a substring of the path and query the fault waits for; any request when left out) and, where it can hit
/// more than one request, <c>count</c> (default 1). Each answers 204.
/// <list type="bullet">
/// <item><c>POST expire-tokens</c>: every issued token expires (now, or when the request matching <c>path</c>
/// arrives); the next data call answers 401.</item>
/// <item><c>POST throttle?retryAfter=s</c>: 429 with <c>Retry-After: s</c>.</item>
/// <item><c>POST server-error?status=500|502|503|504</c>: that status (500 by default).</item>
/// <item><c>POST delay?ms=n</c>: the request is held n ms, then served.</item>
/// <item><c>POST empty-body</c>: 200 with no body. <c>POST malformed-page</c>: 200 with truncated JSON.</item>
/// <item><c>POST drop-snapshot</c>: the snapshot goes (now, or when <c>path</c> is requested); reads under
/// Use-Snapshot answer 404.</item>
/// <item><c>POST uncommitted</c>: the next <c>count</c> writes take a change version at once (so
/// <c>newestChangeVersion</c> includes them) but stay invisible; <c>POST uncommitted/release</c> makes them
/// visible and answers their versions.</item>
/// <item><c>GET</c> lists what is armed and what has fired; <c>DELETE</c> disarms everything.</item>
/// </list>
/// </summary>
internal static class FaultEndpoints
{
    public static void MapFaults(this IEndpointRouteBuilder app)
    {
        var faults = app.MapGroup("/_sandbox/faults");

        faults.MapPost("/expire-tokens", (SandboxFaults f, string? path) => Done(() => f.ExpireTokens(path)));
        faults.MapPost("/throttle", (SandboxFaults f, int? retryAfter, int? count, string? path) =>
            Done(() => f.Throttle(retryAfter ?? 1, count ?? 1, path))
        );
        faults.MapPost("/server-error", (SandboxFaults f, int? status, int? count, string? path) =>
            Done(() => f.ServerError(status ?? 500, count ?? 1, path))
        );
        faults.MapPost("/delay", (SandboxFaults f, int ms, int? count, string? path) =>
            Done(() => f.Delay(TimeSpan.FromMilliseconds(ms), count ?? 1, path))
        );
        faults.MapPost("/empty-body", (SandboxFaults f, int? count, string? path) =>
            Done(() => f.EmptyBody(count ?? 1, path))
        );
        faults.MapPost("/malformed-page", (SandboxFaults f, int? count, string? path) =>
            Done(() => f.MalformedPage(count ?? 1, path))
        );
        faults.MapPost("/drop-snapshot", (SandboxFaults f, string? path) => Done(() => f.DropSnapshot(path)));
        faults.MapPost("/uncommitted", (SandboxFaults f, int? count) =>
            Done(() => f.HoldNextWrites(count ?? 1))
        );
        faults.MapPost("/uncommitted/release", (SandboxFaults f) =>
            Results.Json(
                new JsonObject
                {
                    ["changeVersions"] = new JsonArray([
                        .. f.ReleaseHeldWrites().Select(v => JsonValue.Create(v)),
                    ]),
                }
            )
        );
        faults.MapGet("/", (SandboxFaults f) =>
            Results.Json(
                new
                {
                    armed = f.Armed,
                    fired = Enum.GetValues<FaultKind>().ToDictionary(k => k.ToString(), f.Fired),
                }
            )
        );
        faults.MapDelete("/", (SandboxFaults f) => Done(f.Clear));
    }

    private static IResult Done(Action arm)
    {
        try
        {
            arm();
            return Results.NoContent();
        }
        catch (ArgumentOutOfRangeException ex)
        {
            return Problems.BadParameter(ex.Message);
        }
    }
}
