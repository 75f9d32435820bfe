using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using OneRoster.Projections.Contracts;

namespace OneRoster.Projections.EdFi;

/// <summary>
/// A change window, both bounds inclusive (§4). <paramref name="MinChangeVersion"/> 0 means "from the
/// beginning" (an initial full load): no <c>minChangeVersion</c> is sent, but the max always is (P4).
/// </summary>
public readonly record struct EdFiChangeWindow(long MinChangeVersion, long MaxChangeVersion);

/// <summary>One page as the source returned it: each item's raw JSON text, untouched.</summary>
public sealed record EdFiPage(string Resource, ChangeKind Kind, int Offset, IReadOnlyList<string> Items);

public sealed partial class EdFiApiClient
{
    /// <summary>
    /// Pages of one resource's upserts, <c>/deletes</c> or <c>/keyChanges</c> inside <paramref name="window"/>,
    /// read forward with <c>offset</c>/<c>limit</c> until a page comes back short (<c>Total-Count</c> is not
    /// trusted, P13). Exact only over a state that holds still while it is read: a row that leaves the window
    /// mid-read moves every later row one place down, and the row at the next page boundary is never read
    /// (P1). Change windows are read with <see cref="ReadChangesAsync"/>, which cannot skip that way.
    /// A resource the source does not serve (404) or forbids (403) yields nothing and logs a warning; the same
    /// answer after the first page fails the read, because the pages already read would be incomplete. A page
    /// whose body is empty or not a JSON array fails the read (<see cref="EdFiUnreadableResponseException"/>),
    /// and so does a snapshot that disappears (<see cref="EdFiSnapshotLostException"/>).
    /// </summary>
    public async IAsyncEnumerable<EdFiPage> ReadPagesAsync(
        string resource,
        ChangeKind kind,
        EdFiChangeWindow window,
        [EnumeratorCancellation] CancellationToken cancellationToken = default
    )
    {
        var collection = await CollectionAsync(resource, kind, cancellationToken);
        var limit = options.PageSize;

        for (var offset = 0; ; offset += limit)
        {
            var page = await FetchPageAsync(
                collection,
                resource,
                kind,
                window,
                offset,
                totalCount: false,
                firstOfStream: offset == 0,
                cancellationToken
            );
            if (page is null)
            {
                yield break;
            }

            yield return new EdFiPage(resource, kind, offset, page.Items);
            if (page.Items.Count < limit)
            {
                yield break;
            }
        }
    }

    /// <summary>One page as the source answered it, with what the stream readers steer by.</summary>
    /// <param name="TotalCount">The <c>Total-Count</c> header when it was asked for and sent.</param>
    /// <param name="ChangeVersions">Each row's <c>changeVersion</c>, read for deletes only; null for other
    /// streams or when some row lacks a numeric one.</param>
    private sealed record FetchedPage(
        IReadOnlyList<string> Items,
        long? TotalCount,
        IReadOnlyList<long>? ChangeVersions
    );

    private async Task<Uri> CollectionAsync(
        string resource,
        ChangeKind kind,
        CancellationToken cancellationToken
    ) => ResourceUri(await DiscoverAsync(cancellationToken: cancellationToken), resource, kind);

    /// <summary>
    /// One <c>offset</c>/<c>limit</c> page of a (sub-)window. Null when the first request of a stream finds the
    /// resource missing (404) or forbidden (403); the same answer later in the stream throws.
    /// </summary>
    private async Task<FetchedPage?> FetchPageAsync(
        Uri collection,
        string resource,
        ChangeKind kind,
        EdFiChangeWindow window,
        int offset,
        bool totalCount,
        bool firstOfStream,
        CancellationToken cancellationToken
    )
    {
        var uri = PageUri(collection, window, offset, options.PageSize, totalCount);
        using var response = await GetAsync(
            uri,
            snapshotEligible: true,
            accept: null,
            cancellationToken,
            insideWindow: true
        );
        if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden)
        {
            if (firstOfStream)
            {
                LogSkipped(resource, kind, (int)response.StatusCode);
                return null;
            }
            throw new EdFiApiException(
                $"Ed-Fi {resource} ({kind}) answered {(int)response.StatusCode} to {uri.PathAndQuery} after earlier pages succeeded.",
                response.StatusCode
            );
        }
        EnsureSuccess(response, resource);
        try
        {
            var (items, versions) = await ReadItemsAsync(
                response,
                resource,
                kind == ChangeKind.Deletes,
                cancellationToken
            );
            return new FetchedPage(items, totalCount ? TotalCountOf(response) : null, versions);
        }
        catch (EdFiUnreadableResponseException ex)
        {
            EdFiLog.PageUnreadable(logger, resource, kind, offset, ex.Message);
            throw;
        }
    }

    private static long? TotalCountOf(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Total-Count", out var values)
        && long.TryParse(
            values.FirstOrDefault(),
            NumberStyles.Integer,
            CultureInfo.InvariantCulture,
            out var count
        )
            ? count
            : null;

    // A source that lacks a resource lacks it in every window: warn once, then keep quiet.
    private void LogSkipped(string resource, ChangeKind kind, int status)
    {
        if (skipsWarned.TryAdd($"{resource}|{kind}|{status}", true))
        {
            EdFiLog.ResourceSkipped(logger, resource, kind, status);
        }
        else
        {
            EdFiLog.ResourceSkippedAgain(logger, resource, kind, status);
        }
    }

    /// <summary><c>{dataManagementApi}/{schema}/{resource}[/deletes|/keyChanges]</c>; schema defaults to <c>ed-fi</c>.</summary>
    public static Uri ResourceUri(EdFiDiscovery discovery, string resource, ChangeKind kind)
    {
        var path = resource.Trim('/');
        if (!path.Contains('/', StringComparison.Ordinal))
        {
            path = "ed-fi/" + path;
        }
        path += kind switch
        {
            ChangeKind.Deletes => "/deletes",
            ChangeKind.KeyChanges => "/keyChanges",
            _ => "",
        };
        return new Uri(discovery.DataManagementApi, path);
    }

    // offset comes first: fault switches in tests match on "/{resource}?offset=N".
    private static Uri PageUri(
        Uri collection,
        EdFiChangeWindow window,
        int offset,
        int limit,
        bool totalCount
    )
    {
        var query = new StringBuilder().Append(
            CultureInfo.InvariantCulture,
            $"offset={offset}&limit={limit}"
        );
        if (totalCount)
        {
            query.Append("&totalCount=true");
        }
        if (window.MinChangeVersion > 0)
        {
            query.Append(CultureInfo.InvariantCulture, $"&minChangeVersion={window.MinChangeVersion}");
        }
        query.Append(CultureInfo.InvariantCulture, $"&maxChangeVersion={window.MaxChangeVersion}");
        return new UriBuilder(collection) { Query = query.ToString() }.Uri;
    }

    private static async Task<(List<string> Items, List<long>? ChangeVersions)> ReadItemsAsync(
        HttpResponseMessage response,
        string resource,
        bool withChangeVersions,
        CancellationToken cancellationToken
    )
    {
        using var document = await ReadJsonAsync(response, cancellationToken);
        if (document.RootElement.ValueKind != JsonValueKind.Array)
        {
            throw new EdFiUnreadableResponseException(
                $"Ed-Fi {resource} answered with a JSON {document.RootElement.ValueKind}, not an array.",
                response.StatusCode
            );
        }
        var count = document.RootElement.GetArrayLength();
        var items = new List<string>(count);
        var versions = withChangeVersions ? new List<long>(count) : null;
        foreach (var item in document.RootElement.EnumerateArray())
        {
            items.Add(item.GetRawText());
            if (
                item.ValueKind == JsonValueKind.Object
                && item.TryGetProperty("changeVersion", out var version)
                && version.ValueKind == JsonValueKind.Number
                && version.TryGetInt64(out var value)
            )
            {
                versions?.Add(value);
            }
            else
            {
                versions = null;
            }
        }
        return (items, versions);
    }
}
