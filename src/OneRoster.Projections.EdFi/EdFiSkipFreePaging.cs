using System.Runtime.CompilerServices;
using OneRoster.Projections.Contracts;

namespace OneRoster.Projections.EdFi;

/// <summary>
/// Reading a change window while the source keeps changing (edfi-change-queries.md §4, §5, P1, P2).
/// </summary>
/// <remarks>
/// <para>
/// A window's max is fixed when it starts, and every write made afterwards takes a higher change version. So
/// while the window is read, a row can leave it (updated again, deleted, its tombstone hidden by a re-created
/// key), but the only rows that can join it are tombstones shown again (below) and writes that took their
/// version earlier and commit only now (P3). A row that leaves is no loss: its next version, or its
/// tombstone, lies above max, in the next window. What must not happen is that a row staying in the window
/// goes unread because others moved around it, which is what forward offset paging does (P1): a row leaving
/// before the current offset moves every later row one place down, and the row at the next page boundary
/// falls into a page already read.
/// </para>
/// <para>
/// Upserts and keyChanges are read backwards: the first page (with <c>Total-Count</c>) says where the last
/// page starts, and pages are then read from there down to offset 0. Whatever order the source pages in
/// (AggregateId, primary key, change version), rows that stay keep their order among themselves, since a
/// new key or version would be a change above max. So while rows only leave, a staying row's position can
/// only go down. It starts below the end of the highest page, because that page came back short; take the
/// highest page whose offset was at or below the row's position when that page was read (page 0 always
/// qualifies). The page above it was read earlier and the row was then below its offset, and positions only
/// go down, so the row still lies inside the page. Every staying row is read, and shifts only cause
/// re-reads. The count is only a hint for where to look: pages are read upwards from it until one comes
/// back short (a count that is too low, P13), and the pages from there down are the pass.
/// </para>
/// <para>
/// Deletes are read by change version instead, because tombstones also join: one hidden by a re-created key
/// shows again when that key is deleted once more, and a backward pass can miss the row such a join pushes
/// past a page boundary. ODS orders <c>/deletes</c> by change version and every row carries it (§6), so each
/// page starts at offset 0 of the sub-window <c>[last version seen, max]</c>. A row can only be missed by
/// having a version below where the next page starts, and every row that stayed below that was on a page
/// already read, whatever joined or left meanwhile. A source whose rows come in another order is noticed and
/// read backwards instead. KeyChanges cannot be walked that way: the source merges each row's changes inside
/// the window asked for, so a narrower window would report a later old key.
/// </para>
/// <para>
/// Both walks are used whether or not a snapshot is in use: under a real snapshot nothing moves and they cost
/// one or two extra requests for a stream of several pages, and a source may ignore <c>Use-Snapshot</c>
/// without saying so (DMS, P16). What no walk covers without a snapshot is a write committed mid-read with a
/// version inside the window (P2): it joins the window, and a backward pass can miss the row it pushes past
/// a page boundary. The next window's overlap reads that row again when its version lies within the overlap
/// below max, which covers every window narrower than the overlap; only a snapshot covers them all.
/// </para>
/// </remarks>
public sealed partial class EdFiApiClient
{
    /// <summary>
    /// Pages of one resource's upserts, <c>/deletes</c> or <c>/keyChanges</c> inside <paramref name="window"/>,
    /// read so that no row staying in the window is skipped however many rows leave it meanwhile. Rows can be
    /// read twice. Missing resources, unreadable pages and lost snapshots behave as in
    /// <see cref="ReadPagesAsync"/>.
    /// </summary>
    public IAsyncEnumerable<EdFiPage> ReadChangesAsync(
        string resource,
        ChangeKind kind,
        EdFiChangeWindow window,
        CancellationToken cancellationToken = default
    ) =>
        kind == ChangeKind.Deletes
            ? ReadByChangeVersionAsync(resource, kind, window, cancellationToken)
            : ReadBackwardsAsync(resource, kind, window, cancellationToken);

    private async IAsyncEnumerable<EdFiPage> ReadBackwardsAsync(
        string resource,
        ChangeKind kind,
        EdFiChangeWindow window,
        [EnumeratorCancellation] CancellationToken cancellationToken,
        bool firstOfStream = true
    )
    {
        var collection = await CollectionAsync(resource, kind, cancellationToken);
        var limit = options.PageSize;
        Task<FetchedPage?> FetchAsync(int offset, bool first = false) =>
            FetchPageAsync(
                collection,
                resource,
                kind,
                window,
                offset,
                totalCount: first,
                firstOfStream: first && firstOfStream,
                cancellationToken
            );

        var head = await FetchAsync(0, first: true);
        if (head is null)
        {
            yield break;
        }
        if (head.Items.Count < limit)
        {
            // One query saw the whole window at once: nothing could move between pages.
            yield return new EdFiPage(resource, kind, 0, head.Items);
            yield break;
        }

        // Page 0 is read again last, so this read only gives the count. Find the highest page from it, going
        // up while pages come back full.
        var last = Math.Clamp((head.TotalCount ?? 0) - 1, limit, int.MaxValue - limit);
        var top = (int)(last / limit * limit);
        FetchedPage highest;
        while ((highest = (await FetchAsync(top))!).Items.Count == limit)
        {
            top += limit;
        }

        yield return new EdFiPage(resource, kind, top, highest.Items);
        for (var offset = top - limit; offset >= 0; offset -= limit)
        {
            yield return new EdFiPage(resource, kind, offset, (await FetchAsync(offset))!.Items);
        }
    }

    private async IAsyncEnumerable<EdFiPage> ReadByChangeVersionAsync(
        string resource,
        ChangeKind kind,
        EdFiChangeWindow window,
        [EnumeratorCancellation] CancellationToken cancellationToken
    )
    {
        var collection = await CollectionAsync(resource, kind, cancellationToken);
        var limit = options.PageSize;
        var from = window.MinChangeVersion;

        for (var first = true; from <= window.MaxChangeVersion; first = false)
        {
            var page = await FetchPageAsync(
                collection,
                resource,
                kind,
                window with
                {
                    MinChangeVersion = from,
                },
                offset: 0,
                totalCount: false,
                firstOfStream: first,
                cancellationToken
            );
            if (page is null)
            {
                yield break;
            }
            yield return new EdFiPage(resource, kind, 0, page.Items);
            if (page.Items.Count < limit)
            {
                yield break;
            }

            if (page.ChangeVersions is not { } versions || !Ascending(versions, from))
            {
                // Not in change-version order after all: read the whole stream backwards, which is skip-free
                // while rows only leave.
                EdFiLog.DeletesNotInVersionOrder(logger, resource);
                await foreach (
                    var again in ReadBackwardsAsync(
                        resource,
                        kind,
                        window,
                        cancellationToken,
                        firstOfStream: false
                    )
                )
                {
                    yield return again;
                }
                yield break;
            }
            if (versions[^1] > from)
            {
                // Rows at that version are read again on the next page: harmless, and ties cannot be lost.
                from = versions[^1];
                continue;
            }

            // A whole page of rows sharing one version (ODS gives every tombstone its own, so this is a
            // source with coarser versions): that version alone is read backwards, then the walk goes on.
            await foreach (
                var tied in ReadBackwardsAsync(
                    resource,
                    kind,
                    new EdFiChangeWindow(from, from),
                    cancellationToken,
                    firstOfStream: false
                )
            )
            {
                yield return tied;
            }
            from++;
        }
    }

    private static bool Ascending(IReadOnlyList<long> versions, long from)
    {
        var previous = from;
        foreach (var version in versions)
        {
            if (version < previous)
            {
                return false;
            }
            previous = version;
        }
        return true;
    }
}
