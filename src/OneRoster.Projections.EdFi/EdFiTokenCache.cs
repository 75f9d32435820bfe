namespace OneRoster.Projections.EdFi;

/// <summary>A bearer token and when it has to be replaced.</summary>
public sealed record EdFiAccessToken(string Value, DateTimeOffset RenewAt);

/// <summary>
/// One token shared by every request of a client (ODS 7.3 caps live tokens per client at 15, §1). It is
/// fetched on first use, kept until <c>expires_in − margin</c>, and replaced early only when the API
/// refused it (401). Concurrent callers wait for one fetch instead of each starting their own.
/// </summary>
public sealed class EdFiTokenCache : IDisposable
{
    private readonly Func<CancellationToken, Task<(string Token, TimeSpan ExpiresIn)>> fetch;
    private readonly TimeProvider clock;
    private readonly TimeSpan margin;
    private readonly SemaphoreSlim gate = new(1, 1);
    private volatile EdFiAccessToken? current;

    public EdFiTokenCache(
        Func<CancellationToken, Task<(string Token, TimeSpan ExpiresIn)>> fetch,
        TimeSpan renewalMargin,
        TimeProvider? clock = null
    )
    {
        this.fetch = fetch;
        margin = renewalMargin;
        this.clock = clock ?? TimeProvider.System;
    }

    /// <summary>How many tokens were fetched so far (for tests and diagnostics).</summary>
    public int FetchCount { get; private set; }

    /// <summary>The cached token, fetching a new one when there is none or it is about to expire.</summary>
    public async ValueTask<string> GetAsync(CancellationToken cancellationToken)
    {
        var token = current;
        if (token is not null && clock.GetUtcNow() < token.RenewAt)
        {
            return token.Value;
        }
        return await RefreshAsync(stale: token?.Value, cancellationToken);
    }

    /// <summary>
    /// Replaces <paramref name="rejected"/> after the API answered 401 with it. When another caller already
    /// replaced it, that newer token is returned instead of fetching yet another.
    /// </summary>
    public Task<string> RenewAsync(string rejected, CancellationToken cancellationToken) =>
        RefreshAsync(rejected, cancellationToken);

    private async Task<string> RefreshAsync(string? stale, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            // Someone else replaced the token while we waited: use theirs.
            var token = current;
            if (token is not null && token.Value != stale && clock.GetUtcNow() < token.RenewAt)
            {
                return token.Value;
            }

            var (value, expiresIn) = await fetch(cancellationToken);
            FetchCount++;
            current = new EdFiAccessToken(value, clock.GetUtcNow() + Lifetime(expiresIn));
            return value;
        }
        finally
        {
            gate.Release();
        }
    }

    // Renew `margin` before expiry; for short-lived tokens keep at least half their life.
    private TimeSpan Lifetime(TimeSpan expiresIn)
    {
        var usable = expiresIn - margin;
        var half = expiresIn / 2;
        return usable > half ? usable : half;
    }

    public void Dispose() => gate.Dispose();
}
