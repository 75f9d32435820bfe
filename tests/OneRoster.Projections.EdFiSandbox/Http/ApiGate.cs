namespace OneRoster.Projections.EdFiSandbox;

/// <summary>
/// In front of /data and /changeQueries: a valid bearer token is required (401 otherwise), then the Use-
/// Snapshot
/// header is checked like ODS 7.x: on any method but GET/OPTIONS its presence alone gives 405.
/// </summary>
internal sealed class ApiGate(RequestDelegate next, TokenService tokens)
{
    public const string SnapshotHeader = "Use-Snapshot";
    private const string SnapshotItem = "sandbox.use-snapshot";

    public async Task InvokeAsync(HttpContext context)
    {
        var path = context.Request.Path;
        var guarded =
            path.StartsWithSegments("/data", StringComparison.OrdinalIgnoreCase)
            || path.StartsWithSegments("/changeQueries", StringComparison.OrdinalIgnoreCase);
        if (!guarded)
        {
            await next(context);
            return;
        }
        if (!tokens.IsValid(BearerToken(context.Request)))
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            await Problems.Unauthorized().ExecuteAsync(context);
            return;
        }
        if (context.Request.Headers.TryGetValue(SnapshotHeader, out var value))
        {
            if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsOptions(context.Request.Method))
            {
                await Problems.SnapshotReadOnly().ExecuteAsync(context);
                return;
            }
            context.Items[SnapshotItem] = bool.TryParse(value.ToString(), out var on) && on;
        }
        await next(context);
    }

    /// <summary>True when the request asked to read from the snapshot.</summary>
    public static bool UsesSnapshot(HttpContext context) =>
        context.Items.TryGetValue(SnapshotItem, out var on) && on is true;

    private static string? BearerToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        return header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase)
            ? header[scheme.Length..].Trim()
            : null;
    }
}
