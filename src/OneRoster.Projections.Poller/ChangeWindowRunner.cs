using OneRoster.Projections.Contracts;
using OneRoster.Projections.EdFi;

namespace OneRoster.Projections.Poller;

/// <summary>What one change window amounted to.</summary>
public sealed record WindowResult(int Pages, long Items);

/// <summary>
/// Reads one change window of one source and publishes every page (§12 steps 4–5): per resource in
/// ascending dependency order its key changes, then its upserts; afterwards the deletes in descending order.
/// Key changes and deletes are skipped on an initial full load. Pages are read so that rows leaving the
/// window mid-read cannot make others be skipped (<see cref="EdFiApiClient.ReadChangesAsync"/>); a row may
/// arrive twice, which the projector absorbs. Empty pages are not sent. Returns once every page is confirmed.
/// </summary>
public sealed class ChangeWindowRunner(EdFiApiClient client, IChangePublisher publisher)
{
    public async Task<WindowResult> RunAsync(
        string tenant,
        string dataStandardVersion,
        long epoch,
        IReadOnlyList<EdFiResource> resources,
        EdFiChangeWindow window,
        bool initialLoad,
        CancellationToken cancellationToken
    )
    {
        var pages = 0;
        long items = 0;

        // One page at a time, each confirmed before the next is read: the queue then holds the pages in the
        // order the protocol asks for (key changes, upserts, deletes), which concurrent sends would not promise.
        async Task ReadAsync(string resource, ChangeKind kind)
        {
            await foreach (var page in client.ReadChangesAsync(resource, kind, window, cancellationToken))
            {
                // The empty page that ends a read (or a stream with nothing in the window) carries nothing to apply.
                if (page.Items.Count == 0)
                {
                    continue;
                }
                await publisher.PublishPageAsync(
                    ToMessage(tenant, dataStandardVersion, epoch, window, page),
                    cancellationToken
                );
                pages++;
                items += page.Items.Count;
            }
        }

        foreach (var resource in resources)
        {
            if (!initialLoad)
            {
                await ReadAsync(resource.Name, ChangeKind.KeyChanges);
            }
            await ReadAsync(resource.Name, ChangeKind.Upserts);
        }
        if (!initialLoad)
        {
            for (var i = resources.Count - 1; i >= 0; i--)
            {
                await ReadAsync(resources[i].Name, ChangeKind.Deletes);
            }
        }
        return new WindowResult(pages, items);
    }

    public static EdFiChangePageV1 ToMessage(
        string tenant,
        string dataStandardVersion,
        long epoch,
        EdFiChangeWindow window,
        EdFiPage page
    ) =>
        new()
        {
            Tenant = tenant,
            Resource = page.Resource,
            Kind = page.Kind,
            MinChangeVersion = window.MinChangeVersion,
            MaxChangeVersion = window.MaxChangeVersion,
            DataStandardVersion = dataStandardVersion,
            Epoch = epoch,
            Offset = page.Offset,
            Items = page.Items,
        };
}
