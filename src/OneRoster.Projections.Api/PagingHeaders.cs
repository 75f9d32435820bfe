using System.Text;

namespace OneRoster.Projections.Api;

/// <summary>
/// <c>X-Total-Count</c> and the RFC 8288 <c>Link</c> header of a collection page. Link URLs are
/// absolute and keep every query parameter the client sent, in its order and encoding; only
/// <c>limit</c> and <c>offset</c> are replaced.
/// </summary>
public static class PagingHeaders
{
    public static void Write(HttpResponse response, CollectionQuery page, long totalCount)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(page);
        response.Headers["X-Total-Count"] = totalCount.ToString();
        response.Headers.Link = BuildLinks(response.HttpContext.Request, page, totalCount);
    }

    public static string BuildLinks(HttpRequest request, CollectionQuery page, long totalCount)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(page);
        long limit = page.Limit;
        long offset = page.Offset;
        var baseUrl = $"{request.Scheme}://{request.Host}{request.PathBase}{request.Path}";
        var kept = KeptParameters(request.QueryString.Value);

        var links = new List<string>(4);
        void Add(string rel, long linkOffset) =>
            links.Add($"<{baseUrl}?{kept}limit={limit}&offset={linkOffset}>; rel=\"{rel}\"");

        if (offset + limit < totalCount)
        {
            Add("next", offset + limit);
        }

        Add("last", totalCount == 0 ? 0 : (totalCount - 1) / limit * limit);
        Add("first", 0);
        if (offset > 0)
        {
            Add("prev", Math.Max(0, offset - limit));
        }

        return string.Join(", ", links);
    }

    /// <summary>The raw query minus limit and offset, each pair followed by '&amp;'.</summary>
    private static string KeptParameters(string? queryString)
    {
        if (string.IsNullOrEmpty(queryString))
        {
            return "";
        }

        var kept = new StringBuilder();
        foreach (var pair in queryString.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var rawName = pair.Split('=', 2)[0];
            var name = Uri.UnescapeDataString(rawName.Replace('+', ' '));
            if (name is "limit" or "offset")
            {
                continue;
            }

            kept.Append(pair).Append('&');
        }

        return kept.ToString();
    }
}
