namespace OneRoster.Projections.EdFiSandbox;

/// <summary>What an armed fault does to the request it matches.</summary>
public enum FaultKind
{
    /// <summary>Every token issued so far stops being valid; the matched request then answers 401.</summary>
    ExpireTokens,

    /// <summary>429 Too Many Requests with <c>Retry-After</c>.</summary>
    Throttle,

    /// <summary>A 5xx status (500, 502, 503 or 504) with a problem body.</summary>
    ServerError,

    /// <summary>The request is held for a while before it is served, longer than a client's timeout.</summary>
    Delay,

    /// <summary>200 with no body at all.</summary>
    EmptyBody,

    /// <summary>200 with a JSON array cut off halfway.</summary>
    MalformedPage,

    /// <summary>The snapshot is dropped; the matched request and later ones under Use-Snapshot answer 404.</summary>
    DropSnapshot,
}

/// <summary>One armed fault: the next <see cref="Remaining"/> requests whose path and query contain
/// <see cref="PathContains"/> (any request when null) get it.</summary>
public sealed record ArmedFault(
    FaultKind Kind,
    string? PathContains,
    int Remaining,
    int Status = 200,
    TimeSpan Delay = default,
    int RetryAfterSeconds = 0
);

/// <summary>
/// Fault switches for tests: the misbehaviour a real Ed-Fi API shows now and then (expired tokens, 429, 5xx,
/// hangs, broken bodies, a vanished snapshot, versions that are taken before they are visible). Faults are
/// armed for the next N matching requests and applied in the order they were armed, one per request; the
/// <c>/_sandbox</c> admin routes never match. Reachable in-process (<c>app.Faults()</c>) and over HTTP
/// (<c>/_sandbox/faults</c>, <see cref="FaultEndpoints"/>).
/// </summary>
public sealed class SandboxFaults(TokenService tokens, SandboxStore store)
{
    private readonly Lock _gate = new();
    private readonly List<ArmedFault> _armed = [];
    private readonly Dictionary<FaultKind, int> _fired = [];

    /// <summary>Expires every token now, or (with <paramref name="pathContains"/>) when a matching request
    /// arrives, so the expiry can land in the middle of a change window.</summary>
    public void ExpireTokens(string? pathContains = null)
    {
        if (pathContains is null)
        {
            tokens.ExpireAll();
            Count(FaultKind.ExpireTokens);
            return;
        }
        Arm(new ArmedFault(FaultKind.ExpireTokens, pathContains, 1));
    }

    public void Throttle(int retryAfterSeconds, int count = 1, string? pathContains = null) =>
        Arm(
            new ArmedFault(FaultKind.Throttle, pathContains, count, 429, RetryAfterSeconds: retryAfterSeconds)
        );

    public void ServerError(int status = 500, int count = 1, string? pathContains = null)
    {
        if (status is < 500 or > 599)
        {
            throw new ArgumentOutOfRangeException(nameof(status), "A server error is a 5xx status.");
        }
        Arm(new ArmedFault(FaultKind.ServerError, pathContains, count, status));
    }

    public void Delay(TimeSpan delay, int count = 1, string? pathContains = null) =>
        Arm(new ArmedFault(FaultKind.Delay, pathContains, count, Delay: delay));

    public void EmptyBody(int count = 1, string? pathContains = null) =>
        Arm(new ArmedFault(FaultKind.EmptyBody, pathContains, count));

    public void MalformedPage(int count = 1, string? pathContains = null) =>
        Arm(new ArmedFault(FaultKind.MalformedPage, pathContains, count));

    /// <summary>Drops the snapshot now, or when a matching request arrives (before it is served).</summary>
    public void DropSnapshot(string? pathContains = null)
    {
        if (pathContains is null)
        {
            store.DropSnapshot();
            Count(FaultKind.DropSnapshot);
            return;
        }
        Arm(new ArmedFault(FaultKind.DropSnapshot, pathContains, 1));
    }

    /// <summary>The next <paramref name="count"/> writes take their change version now but stay invisible
    /// until <see cref="ReleaseHeldWrites"/> (pitfall P3: a transaction that has not committed yet).</summary>
    public void HoldNextWrites(int count = 1) => store.HoldNextWrites(count);

    /// <summary>Makes the held writes visible, with the change versions they took; returns those versions.</summary>
    public IReadOnlyList<long> ReleaseHeldWrites() => store.ReleaseHeldWrites();

    /// <summary>Disarms every fault (held writes stay held until released).</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _armed.Clear();
        }
    }

    /// <summary>How many requests a fault of this kind has hit so far.</summary>
    public int Fired(FaultKind kind)
    {
        lock (_gate)
        {
            return _fired.GetValueOrDefault(kind);
        }
    }

    public IReadOnlyList<ArmedFault> Armed
    {
        get
        {
            lock (_gate)
            {
                return [.. _armed];
            }
        }
    }

    /// <summary>Takes one shot of the first armed fault that matches <paramref name="pathAndQuery"/>.</summary>
    internal ArmedFault? Take(string pathAndQuery)
    {
        lock (_gate)
        {
            var index = _armed.FindIndex(f =>
                f.PathContains is null
                || pathAndQuery.Contains(f.PathContains, StringComparison.OrdinalIgnoreCase)
            );
            if (index < 0)
            {
                return null;
            }
            var fault = _armed[index];
            if (fault.Remaining <= 1)
            {
                _armed.RemoveAt(index);
            }
            else
            {
                _armed[index] = fault with { Remaining = fault.Remaining - 1 };
            }
            _fired[fault.Kind] = _fired.GetValueOrDefault(fault.Kind) + 1;
            return fault;
        }
    }

    internal void ExpireTokensNow() => tokens.ExpireAll();

    internal void DropSnapshotNow() => store.DropSnapshot();

    private void Arm(ArmedFault fault)
    {
        if (fault.Remaining < 1)
        {
            throw new ArgumentOutOfRangeException(
                nameof(fault),
                "A fault is armed for at least one request."
            );
        }
        lock (_gate)
        {
            _armed.Add(fault);
        }
    }

    private void Count(FaultKind kind)
    {
        lock (_gate)
        {
            _fired[kind] = _fired.GetValueOrDefault(kind) + 1;
        }
    }
}
