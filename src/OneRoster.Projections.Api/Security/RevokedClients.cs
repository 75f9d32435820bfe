using OneRoster.Projections.Storage.Security;

namespace OneRoster.Projections.Api.Security;

/// <summary>
/// The revoked API clients, read again from PostgreSQL at most every <see cref="MaxAge"/>: a token of a
/// client revoked with the CLI is refused within that time instead of staying good until it expires,
/// without a database read per request.
/// </summary>
public sealed partial class RevokedClients(
    ApiClients clients,
    TimeProvider time,
    AuthSettings settings,
    ILogger<RevokedClients> logger
) : IDisposable
{
    [LoggerMessage(
        EventId = 3020,
        Level = LogLevel.Warning,
        Message = "Reading the revoked API clients failed; the last list read stays in force until the next try"
    )]
    private static partial void LogReadFailed(ILogger logger, Exception exception);

    private readonly SemaphoreSlim reading = new(1, 1);
    private volatile Snapshot? current;

    private sealed record Snapshot(HashSet<string> Ids, DateTimeOffset ReadAt);

    private TimeSpan MaxAge => settings.RevocationCheck;

    public async ValueTask<bool> IsRevokedAsync(string clientId, CancellationToken cancellationToken)
    {
        var snapshot = current;
        if (snapshot is null || time.GetUtcNow() - snapshot.ReadAt >= MaxAge)
        {
            snapshot = await ReadAsync(cancellationToken);
        }
        return snapshot.Ids.Contains(clientId);
    }

    public void Dispose() => reading.Dispose();

    private async Task<Snapshot> ReadAsync(CancellationToken cancellationToken)
    {
        await reading.WaitAsync(cancellationToken);
        try
        {
            // Another request may have read it while this one waited.
            if (current is { } fresh && time.GetUtcNow() - fresh.ReadAt < MaxAge)
            {
                return fresh;
            }
            var readAt = time.GetUtcNow();
            HashSet<string> ids;
            try
            {
                ids = await clients.RevokedIdsAsync(cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // PostgreSQL does not answer: every data request fails anyway, but /health and the
                // authentication in front of it must not. Keep what was known and try again later.
                LogReadFailed(logger, ex);
                ids = current?.Ids ?? [];
            }
            var snapshot = new Snapshot(ids, readAt);
            current = snapshot;
            return snapshot;
        }
        finally
        {
            reading.Release();
        }
    }
}

/// <summary>The token's client has been revoked since the token was issued.</summary>
public sealed class ClientRevokedException()
    : Microsoft.IdentityModel.Tokens.SecurityTokenException(
        "The client of this access token has been revoked."
    );
