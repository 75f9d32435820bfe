using System.Globalization;
using System.Text.Json.Nodes;

namespace OneRoster.Projections.EdFiSandbox;

/// <summary>Inclusive change-version bounds; either may be absent.</summary>
public readonly record struct ChangeWindow(long? Min, long? Max)
{
    public bool IsOpen => Min is null && Max is null;

    public bool Contains(long changeVersion) =>
        (Min is not { } min || changeVersion >= min) && (Max is not { } max || changeVersion <= max);
}

/// <summary>One page of rendered JSON rows and, when asked for, the count under the same filters.</summary>
public sealed record Page(IReadOnlyList<string> Rows, long? TotalCount);

/// <summary>
/// The read side of change queries, over one state (live or snapshot). Runs under the store lock.
/// </summary>
public static class ChangeQueryReader
{
    /// <summary>
    /// Items in AggregateId order. With no window and no filters a page costs O(page); otherwise one scan.
    /// <paramref name="filters"/> match natural-key members or top-level scalar properties by value.
    /// </summary>
    public static Page Items(
        ResourceTable table,
        ChangeWindow window,
        int offset,
        int limit,
        bool count,
        IReadOnlyList<KeyValuePair<string, string>> filters
    )
    {
        var all = table.Ordered;
        if (window.IsOpen && filters.Count == 0)
        {
            var start = Math.Min(offset, all.Count);
            var take = Math.Min(limit, all.Count - start);
            var rows = new string[take];
            for (var i = 0; i < take; i++)
            {
                rows[i] = all[start + i].Json;
            }
            return new Page(rows, count ? all.Count : null);
        }
        return Scan(
            all,
            r => window.Contains(r.ChangeVersion) && filters.All(f => Matches(r, f)),
            r => r.Json,
            offset,
            limit,
            count
        );
    }

    /// <summary>
    /// Tombstones in change-version order, hiding those whose natural key is live again (P7).
    /// </summary>
    public static Page Deletes(ResourceTable table, ChangeWindow window, int offset, int limit, bool count) =>
        Scan(
            table.Deletes,
            t => window.Contains(t.ChangeVersion) && !table.HasLiveKey(t.Key.Canonical),
            t =>
                $"{{\"id\":\"{t.Id}\",\"changeVersion\":{t.ChangeVersion.ToString(CultureInfo.InvariantCulture)},"
                + $"\"keyValues\":{t.Key.ValuesJson}}}",
            offset,
            limit,
            count
        );

    /// <summary>
    /// One row per item per window: the key before its first change in the window, the key after the last,
    /// and
    /// the last change's version; ordered by that version.
    /// </summary>
    public static Page KeyChanges(ResourceTable table, ChangeWindow window, int offset, int limit, bool count)
    {
        var merged = new Dictionary<string, (NaturalKey Old, NaturalKey New, long Version)>(
            StringComparer.Ordinal
        );
        foreach (var entry in table.KeyChanges.Where(e => window.Contains(e.ChangeVersion)))
        {
            merged[entry.Id] = merged.TryGetValue(entry.Id, out var seen)
                ? (seen.Old, entry.NewKey, entry.ChangeVersion)
                : (entry.OldKey, entry.NewKey, entry.ChangeVersion);
        }
        var ordered = merged.OrderBy(p => p.Value.Version).ToList();
        return Scan(
            ordered,
            _ => true,
            p =>
                $"{{\"id\":\"{p.Key}\",\"changeVersion\":{p.Value.Version.ToString(CultureInfo.InvariantCulture)},"
                + $"\"oldKeyValues\":{p.Value.Old.ValuesJson},\"newKeyValues\":{p.Value.New.ValuesJson}}}",
            offset,
            limit,
            count
        );
    }

    private static Page Scan<T>(
        IReadOnlyList<T> source,
        Func<T, bool> keep,
        Func<T, string> render,
        int offset,
        int limit,
        bool count
    )
    {
        var rows = new List<string>(Math.Min(limit, 512));
        var matched = 0L;
        foreach (var item in source)
        {
            if (!keep(item))
            {
                continue;
            }
            if (matched >= offset && rows.Count < limit)
            {
                rows.Add(render(item));
            }
            matched++;
            if (!count && rows.Count >= limit)
            {
                break;
            }
        }
        return new Page(rows, count ? matched : null);
    }

    private static bool Matches(SandboxRecord record, KeyValuePair<string, string> filter)
    {
        var node = record.Key.Values[filter.Key] ?? record.Body[filter.Key];
        return node switch
        {
            JsonValue v when v.TryGetValue<string>(out var s) => string.Equals(
                s,
                filter.Value,
                StringComparison.OrdinalIgnoreCase
            ),
            JsonValue v => string.Equals(v.ToJsonString(), filter.Value, StringComparison.OrdinalIgnoreCase),
            _ => false,
        };
    }
}
