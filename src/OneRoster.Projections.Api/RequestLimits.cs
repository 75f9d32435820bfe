using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace OneRoster.Projections.Api;

/// <summary>
/// Over-long URLs answer in the imsx shape: Kestrel accepts request lines far longer than we serve,
/// and this check refuses the long ones itself, since Kestrel's own refusal has no body. A URL longer
/// than Kestrel's line limit still gets Kestrel's bare 414.
/// </summary>
public static class RequestLimits
{
    /// <summary>Longest path and query served: long filters fit, nothing needs more.</summary>
    public const int MaxUrlLength = 8 * 1024;

    private const int KestrelRequestLine = 64 * 1024;

    public static void Configure(KestrelServerLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        limits.MaxRequestLineSize = KestrelRequestLine;
        limits.MaxRequestHeadersTotalSize = Math.Max(
            limits.MaxRequestHeadersTotalSize,
            KestrelRequestLine + 8 * 1024
        );
    }

    public static WebApplication UseRequestLimits(this WebApplication app)
    {
        app.Use(
            (context, next) =>
            {
                var request = context.Request;
                var length =
                    request.PathBase.Value?.Length
                    + request.Path.Value?.Length
                    + request.QueryString.Value?.Length;
                return length > MaxUrlLength
                    ? StatusInfo.WriteAsync(
                        context,
                        StatusCodes.Status414UriTooLong,
                        StatusInfo.InvalidData,
                        $"The URL is longer than the {MaxUrlLength} characters this server accepts."
                    )
                    : next(context);
            }
        );
        return app;
    }
}
