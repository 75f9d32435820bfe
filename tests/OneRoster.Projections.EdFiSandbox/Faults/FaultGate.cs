using System.Globalization;

namespace OneRoster.Projections.EdFiSandbox;

/// <summary>
/// First in the pipeline: applies the armed fault that matches a request, if any. Expired tokens and a
/// dropped snapshot change the sandbox and let the request through (so it meets the consequence); a delay
/// holds the request and then serves it; the others answer instead of the API.
/// </summary>
internal sealed class FaultGate(RequestDelegate next, SandboxFaults faults)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (request.Path.StartsWithSegments("/_sandbox", StringComparison.OrdinalIgnoreCase))
        {
            await next(context);
            return;
        }
        var fault = faults.Take(request.Path.ToString() + request.QueryString.ToString());
        switch (fault?.Kind)
        {
            case null:
                break;
            case FaultKind.ExpireTokens:
                faults.ExpireTokensNow();
                break;
            case FaultKind.DropSnapshot:
                faults.DropSnapshotNow();
                break;
            case FaultKind.Delay:
                // The client gives up first and closes the connection, which ends the wait.
                await Task.Delay(fault.Delay, context.RequestAborted);
                break;
            case FaultKind.Throttle:
                context.Response.Headers.RetryAfter = fault.RetryAfterSeconds.ToString(
                    CultureInfo.InvariantCulture
                );
                await Problems
                    .Create(
                        429,
                        "urn:ed-fi:api:too-many-requests",
                        "Too Many Requests",
                        "The sandbox was told to throttle this request."
                    )
                    .ExecuteAsync(context);
                return;
            case FaultKind.ServerError:
                await Problems
                    .Create(
                        fault.Status,
                        "urn:ed-fi:api:system-error",
                        "System Error",
                        "The sandbox was told to fail this request."
                    )
                    .ExecuteAsync(context);
                return;
            case FaultKind.EmptyBody:
                context.Response.StatusCode = 200;
                context.Response.ContentType = "application/json; charset=utf-8";
                context.Response.ContentLength = 0;
                return;
            case FaultKind.MalformedPage:
                context.Response.StatusCode = 200;
                context.Response.ContentType = "application/json; charset=utf-8";
                await context.Response.WriteAsync("[{\"id\":\"0f1e2d3c\",\"studentUniqueId\":");
                return;
        }
        await next(context);
    }
}
