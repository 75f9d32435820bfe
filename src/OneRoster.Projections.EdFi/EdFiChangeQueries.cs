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
    /// read with <c>offset</c>/<c>limit</c> until a page comes back short (<c>Total-Count</c> is not trusted, P13).
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
        var found = await DiscoverAsync(cancellationToken: cancellationToken);
        var collection = ResourceUri(found, resource, kind);
        var limit = options.PageSize;

        for (var offset = 0; ; offset += limit)
        {
            var uri = PageUri(collection, window, offset, limit);
            List<string> items;
            using (
                var response = await GetAsync(
                    uri,
                    snapshotEligible: true,
                    accept: null,
                    cancellationToken,
                    insideWindow: true
                )
            )
            {
                if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden)
                {
                    if (offset == 0)
                    {
                        LogSkipped(resource, kind, (int)response.StatusCode);
                        yield break;
                    }
                    throw new EdFiApiException(
                        $"Ed-Fi {resource} ({kind}) answered {(int)response.StatusCode} at offset {offset} after earlier pages succeeded.",
                        response.StatusCode
                    );
                }
                EnsureSuccess(response, resource);
                try
                {
                    items = await ReadItemsAsync(response, resource, cancellationToken);
                }
                catch (EdFiUnreadableResponseException ex)
                {
                    EdFiLog.PageUnreadable(logger, resource, kind, offset, ex.Message);
                    throw;
                }
            }

            yield return new EdFiPage(resource, kind, offset, items);
            if (items.Count < limit)
            {
                yield break;
            }
        }
    }

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

    private static Uri PageUri(Uri collection, EdFiChangeWindow window, int offset, int limit)
    {
        var query = new StringBuilder().Append(
            CultureInfo.InvariantCulture,
            $"offset={offset}&limit={limit}"
        );
        if (window.MinChangeVersion > 0)
        {
            query.Append(CultureInfo.InvariantCulture, $"&minChangeVersion={window.MinChangeVersion}");
        }
        query.Append(CultureInfo.InvariantCulture, $"&maxChangeVersion={window.MaxChangeVersion}");
        return new UriBuilder(collection) { Query = query.ToString() }.Uri;
    }

    private static async Task<List<string>> ReadItemsAsync(
        HttpResponseMessage response,
        string resource,
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
        var items = new List<string>(document.RootElement.GetArrayLength());
        foreach (var item in document.RootElement.EnumerateArray())
        {
            items.Add(item.GetRawText());
        }
        return items;
    }
}
