using Microsoft.AspNetCore.Diagnostics;

namespace OneRoster.Projections.Api;

/// <summary>
/// Makes every failure answer in the imsx_StatusInfo shape: unexpected exceptions become a 500
/// without internals, and empty 4xx/5xx responses (unknown routes, wrong methods) get a body.
/// </summary>
public static class ErrorHandling
{
    public static WebApplication UseOneRosterErrors(this WebApplication app)
    {
        // The handler runs inside the developer exception page that WebApplication adds in
        // Development, so clients never see a stack trace there either.
        app.UseExceptionHandler(
            new ExceptionHandlerOptions
            {
                ExceptionHandler = context =>
                {
                    // The exception middleware has already logged the exception with its trace id.
                    var traceId = System.Diagnostics.Activity.Current?.TraceId.ToString()
                        ?? context.TraceIdentifier;
                    return StatusInfo.WriteAsync(
                        context,
                        StatusCodes.Status500InternalServerError,
                        StatusInfo.InternalServerError,
                        $"The server could not complete the request (trace id {traceId})."
                    );
                },
            }
        );

        app.UseStatusCodePages(statusContext => WriteEmptyStatusAsync(statusContext.HttpContext));
        return app;
    }

    private static Task WriteEmptyStatusAsync(HttpContext context)
    {
        var status = context.Response.StatusCode;
        return status switch
        {
            StatusCodes.Status404NotFound => StatusInfo.WriteAsync(
                context,
                status,
                StatusInfo.UnknownObject,
                $"No resource at {context.Request.Path}."
            ),
            StatusCodes.Status405MethodNotAllowed => StatusInfo.WriteAsync(
                context,
                status,
                null,
                context.Request.Path.Equals(Security.TokenEndpoint.Path, StringComparison.OrdinalIgnoreCase)
                    ? "The token endpoint only accepts POST (the client-credentials grant)."
                    : "The rostering service is read-only: only GET is supported.",
                codeMajor: "unsupported"
            ),
            >= 400 and < 500 => StatusInfo.WriteAsync(
                context,
                status,
                StatusInfo.InvalidData,
                "The request could not be processed."
            ),
            _ => StatusInfo.WriteAsync(
                context,
                status,
                StatusInfo.InternalServerError,
                "The server could not complete the request."
            ),
        };
    }
}
