namespace OneRoster.Projections.Api.Security;

/// <summary>
/// The education organizations a limited credential reaches (mapping.md §4, Row-level authorization):
/// <see cref="Reachable"/> (A) is the credential's own organizations and everything below them;
/// <see cref="Above"/> (U) is everything above them. A school's credential thus reaches the school only,
/// a district's its schools too; courses and school years owned above the credential stay readable.
/// </summary>
public sealed record OrganizationScope(long[] Reachable, long[] Above)
{
    /// <param name="granted">The credential's own organization ids.</param>
    /// <param name="parentOf">Each known organization's parent, from the tenant's org documents.</param>
    public static OrganizationScope From(
        IReadOnlyList<long> granted,
        IReadOnlyDictionary<long, long> parentOf
    )
    {
        ArgumentNullException.ThrowIfNull(granted);
        ArgumentNullException.ThrowIfNull(parentOf);
        var children = parentOf
            .GroupBy(pair => pair.Value, pair => pair.Key)
            .ToDictionary(group => group.Key, group => group.ToList());

        var reachable = new HashSet<long>();
        var pending = new Stack<long>(granted);
        while (pending.TryPop(out var id))
        {
            if (reachable.Add(id))
            {
                foreach (var child in children.GetValueOrDefault(id) ?? [])
                {
                    pending.Push(child);
                }
            }
        }

        var above = new HashSet<long>();
        foreach (var id in granted)
        {
            // The visited set stops a cycle in bad data from looping forever.
            for (var current = id; parentOf.TryGetValue(current, out var parent) && above.Add(parent); )
            {
                current = parent;
            }
        }

        return new OrganizationScope([.. reachable.Order()], [.. above.Order()]);
    }
}
