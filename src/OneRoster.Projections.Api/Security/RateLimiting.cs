using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace OneRoster.Projections.Api.Security;

/// <summary>
/// Per-client request limits (configuration <c>OneRoster:RateLimit</c>): a fixed window per client id on
/// the rostering endpoints (per address for requests without a valid token), and a smaller one per address
/// on the token endpoint, which hashes a secret for every call. Over the limit: 429 <c>server_busy</c>
/// with <c>Retry-After</c>.
/// </summary>
public static class RateLimiting
{
    public const string ClientPolicy = "per-client";
    public const string TokenPolicy = "token-endpoint";
    public const string Section = "OneRoster:RateLimit";

    public static IServiceCollection AddOneRosterRateLimiting(
        this IServiceCollection services,
        IConfiguration configuration
    )
    {
        var section = configuration.GetSection(Section);
        var window = TimeSpan.FromSeconds(Math.Max(1, section.GetValue("WindowSeconds", 60)));
        var perClient = Math.Max(1, section.GetValue("PermitLimit", 1200));
        var perAddressForTokens = Math.Max(1, section.GetValue("TokenPermitLimit", 60));

        services.AddRateLimiter(options =>
        {
            options.AddPolicy(ClientPolicy, context => RateLimitPartition.GetFixedWindowLimiter(
                    context.User.FindFirst(Claims.ClientId)?.Value is { } clientId ? "client:" + clientId
                        : context.User.FindFirst(Claims.Subject)?.Value is { } subject ? "subject:" + subject
                        : "address:" + context.Connection.RemoteIpAddress,
                    _ => Window(perClient, window)
                ));
            options.AddPolicy(TokenPolicy, context =>
                RateLimitPartition.GetFixedWindowLimiter("address:" + context.Connection.RemoteIpAddress, _ =>
                    Window(perAddressForTokens, window)
                )
            );
            options.OnRejected = (context, cancellationToken) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait)
                    ? wait
                    : window;
                context.HttpContext.Response.Headers.RetryAfter = Math.Max(
                        1,
                        (int)Math.Ceiling(retryAfter.TotalSeconds)
                    )
                    .ToString(CultureInfo.InvariantCulture);
                return new ValueTask(
                    StatusInfo.WriteAsync(
                        context.HttpContext,
                        StatusCodes.Status429TooManyRequests,
                        StatusInfo.ServerBusy,
                        "Too many requests: wait for the time in Retry-After, then try again."
                    )
                );
            };
        });
        return services;
    }

    private static FixedWindowRateLimiterOptions Window(int permits, TimeSpan window) =>
        new()
        {
            PermitLimit = permits,
            Window = window,
            QueueLimit = 0,
            AutoReplenishment = true,
        };
}
