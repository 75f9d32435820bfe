using System.Net;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace OneRoster.Projections.EdFi;

/// <summary>
/// Retry and timeout policy for every Ed-Fi call (edfi-change-queries.md §9): 5xx, 408, timeouts and
/// network errors are retried with capped exponential backoff and jitter; 429 waits for <c>Retry-After</c>;
/// 4xx answers such as 400/401/403/404 are returned to the caller untouched.
/// </summary>
public static class EdFiResilience
{
    public static ResiliencePipeline<HttpResponseMessage> Create(
        EdFiClientOptions options,
        ILogger logger,
        TimeProvider? time = null
    )
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage>();
        if (time is not null)
        {
            builder.TimeProvider = time;
        }
        if (options.MaxRetryAttempts > 0)
        {
            builder.AddRetry(
                new RetryStrategyOptions<HttpResponseMessage>
                {
                    MaxRetryAttempts = options.MaxRetryAttempts,
                    ShouldHandle = args =>
                        ValueTask.FromResult(IsTransient(args.Outcome, args.Context.CancellationToken)),
                    DelayGenerator = args =>
                        ValueTask.FromResult<TimeSpan?>(
                            DelayFor(
                                args.Outcome.Result,
                                args.AttemptNumber,
                                options,
                                time ?? TimeProvider.System
                            )
                        ),
                    OnRetry = args =>
                    {
                        var reason = args.Outcome.Result is { } response
                            ? ((int)response.StatusCode).ToString(
                                System.Globalization.CultureInfo.InvariantCulture
                            )
                            : args.Outcome.Exception?.GetType().Name ?? "unknown";
                        EdFiLog.Retrying(logger, args.AttemptNumber + 1, reason, args.RetryDelay);
                        return default;
                    },
                }
            );
        }
        builder.AddTimeout(options.AttemptTimeout);
        return builder.Build();
    }

    /// <summary>Whether an attempt's outcome is worth another try.</summary>
    public static bool IsTransient(Outcome<HttpResponseMessage> outcome, CancellationToken callerToken)
    {
        if (outcome.Exception is { } exception)
        {
            return exception switch
            {
                HttpRequestException => true,
                TimeoutRejectedException => true,
                // HttpClient.Timeout surfaces as a cancellation the caller did not ask for.
                OperationCanceledException => !callerToken.IsCancellationRequested,
                _ => false,
            };
        }
        return outcome.Result is { } response && IsTransient(response.StatusCode);
    }

    public static bool IsTransient(HttpStatusCode status) =>
        (int)status >= 500 || status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests;

    /// <summary>
    /// The wait before retry number <paramref name="attempt"/> + 1: the server's <c>Retry-After</c> on 429/503
    /// (capped by <see cref="EdFiClientOptions.MaxRetryAfter"/>), otherwise base·2^attempt capped by
    /// <see cref="EdFiClientOptions.MaxRetryDelay"/>, of which a random half is kept (jitter).
    /// </summary>
    public static TimeSpan DelayFor(
        HttpResponseMessage? response,
        int attempt,
        EdFiClientOptions options,
        TimeProvider time
    )
    {
        if (response is not null && RetryAfter(response, time) is { } serverDelay)
        {
            return serverDelay > options.MaxRetryAfter ? options.MaxRetryAfter : serverDelay;
        }
        var exponent = Math.Min(attempt, 30);
        var ceiling = Math.Min(
            options.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, exponent),
            options.MaxRetryDelay.TotalMilliseconds
        );
        var jittered = ceiling / 2 + Random.Shared.NextDouble() * ceiling / 2;
        return TimeSpan.FromMilliseconds(jittered);
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage response, TimeProvider time)
    {
        if (
            response.StatusCode is not (HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable)
            || response.Headers.RetryAfter is not { } header
        )
        {
            return null;
        }
        if (header.Delta is { } delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }
        if (header.Date is { } date)
        {
            var wait = date - time.GetUtcNow();
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }
        return null;
    }
}
