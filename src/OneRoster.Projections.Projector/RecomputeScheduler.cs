using System.Collections.Concurrent;
using System.Threading.Channels;

namespace OneRoster.Projections.Projector;

/// <summary>
/// Coalesces recompute requests per tenant: a burst of pages leads to one recompute after a quiet period
/// (or after a maximum delay, so a steady stream of changes is still served).
/// </summary>
public sealed class RecomputeScheduler(TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, Pending> pending = new(StringComparer.Ordinal);
    private readonly Channel<string> wakeups = Channel.CreateUnbounded<string>();

    private sealed class Pending
    {
        public DateTimeOffset First;
        public DateTimeOffset Last;
        public bool Immediately;
    }

    public void Request(string tenant, bool immediately = false)
    {
        var now = clock.GetUtcNow();
        pending.AddOrUpdate(
            tenant,
            _ => new Pending
            {
                First = now,
                Last = now,
                Immediately = immediately,
            },
            (_, p) =>
            {
                lock (p)
                {
                    p.Last = now;
                    p.Immediately |= immediately;
                }
                return p;
            }
        );
        wakeups.Writer.TryWrite(tenant);
    }

    /// <summary>Tenants whose quiet period or maximum delay has run out; they are removed from the queue.</summary>
    public IReadOnlyList<string> TakeDue(TimeSpan quiet, TimeSpan maxDelay)
    {
        var now = clock.GetUtcNow();
        var due = new List<string>();
        foreach (var (tenant, p) in pending)
        {
            bool ready;
            lock (p)
            {
                ready = p.Immediately || now - p.Last >= quiet || now - p.First >= maxDelay;
            }
            if (ready && pending.TryRemove(tenant, out _))
            {
                due.Add(tenant);
            }
        }
        return due;
    }

    public bool HasPending => !pending.IsEmpty;

    public async Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timer.CancelAfter(timeout);
        try
        {
            await wakeups.Reader.WaitToReadAsync(timer.Token);
            while (wakeups.Reader.TryRead(out _)) { }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested) { }
    }
}
