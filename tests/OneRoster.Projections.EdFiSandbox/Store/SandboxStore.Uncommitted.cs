namespace OneRoster.Projections.EdFiSandbox;

/// <summary>
/// Uncommitted writes (pitfall P3). In the ODS a write takes its change version from the global sequence
/// when it happens, not when its transaction commits, so <c>newestChangeVersion</c> can count a change that
/// no read returns yet. A held write imitates that: it takes its version at once, answers as it will end
/// up, and becomes visible, with that same version, only on release.
/// </summary>
public sealed partial class SandboxStore
{
    private readonly List<HeldWrite> _held = [];
    private int _holdNext;

    private sealed record HeldWrite(long ChangeVersion, Func<WriteResult> Apply);

    /// <summary>The next <paramref name="count"/> successful writes are held until <see cref="ReleaseHeldWrites"/>.</summary>
    public void HoldNextWrites(int count = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        lock (_gate)
        {
            _holdNext += count;
        }
    }

    /// <summary>Applies the held writes in the order they were made, each with the version it took.</summary>
    public IReadOnlyList<long> ReleaseHeldWrites()
    {
        lock (_gate)
        {
            var versions = new List<long>(_held.Count);
            foreach (var write in _held)
            {
                _live.Reserved = write.ChangeVersion;
                try
                {
                    write.Apply();
                }
                finally
                {
                    // A key change swaps in a new state, which copied the reservation.
                    _live.Reserved = null;
                }
                versions.Add(write.ChangeVersion);
            }
            _held.Clear();
            return versions;
        }
    }

    /// <summary>
    /// Runs a write, or holds it: a dry run on a copy of the state gives the answer, a version is taken, and
    /// the write itself waits. If other writes meanwhile change what it touches, the release applies it to
    /// what is there then (as a commit would).
    /// </summary>
    private WriteResult Write(Func<WriteResult> write)
    {
        lock (_gate)
        {
            if (_holdNext == 0)
            {
                return write();
            }

            var live = _live;
            _live = live.Clone();
            WriteResult answer;
            try
            {
                answer = write();
            }
            finally
            {
                _live = live;
            }
            if (answer.Outcome is not (WriteOutcome.Created or WriteOutcome.Updated or WriteOutcome.Deleted))
            {
                return answer;
            }
            _holdNext--;
            _held.Add(new HeldWrite(_live.NextChangeVersion(), write));
            return answer;
        }
    }
}
