using System.Text.Json;

namespace OneRoster.Projections.EdFi;

/// <summary>What the root document (<c>GET {base}/</c>) says about where things are.</summary>
/// <param name="DataManagementApi">Root of the resource routes, ending in '/', e.g. <c>…/data/v3/</c> (DMS: <c>…/data/</c>).</param>
/// <param name="ChangeQueries">Root of <c>availableChangeVersions</c>, ending in '/'.</param>
/// <param name="Dependencies">The load-order document, when the source publishes one.</param>
/// <param name="DataStandardVersion"><c>dataModels[name=Ed-Fi].version</c>, e.g. <c>5.2.0</c>.</param>
/// <param name="ApiVersion">The API's own <c>version</c>, e.g. <c>7.3</c>, when given.</param>
public sealed record EdFiDiscovery(
    Uri OAuth,
    Uri DataManagementApi,
    Uri ChangeQueries,
    Uri? Dependencies,
    string DataStandardVersion,
    string? ApiVersion
)
{
    /// <summary>Assumed when the root document names no Ed-Fi data model.</summary>
    public const string UnknownDataStandard = "5.0.0";

    public int DataStandardMajor => EdFiResourceCatalog.MajorOf(DataStandardVersion);

    /// <summary>Reads a root document. URLs may be absolute or relative to <paramref name="baseUri"/>.</summary>
    public static EdFiDiscovery Parse(Uri baseUri, JsonElement root)
    {
        if (
            root.ValueKind != JsonValueKind.Object
            || !TryGet(root, "urls", out var urls)
            || urls.ValueKind != JsonValueKind.Object
        )
        {
            throw new EdFiApiException($"The discovery document at {baseUri} has no 'urls' object.");
        }

        var oauth = UrlOf(baseUri, urls, "oauth") ?? new Uri(baseUri, "oauth/token");
        var data = UrlOf(baseUri, urls, "dataManagementApi")
            ?? throw new EdFiApiException(
                $"The discovery document at {baseUri} has no urls.dataManagementApi."
            );

        // 5.3 has no urls.changeQueries although the route exists; fall back to the conventional place.
        var changeQueries = UrlOf(baseUri, urls, "changeQueries") ?? new Uri(baseUri, "changeQueries/v1/");
        var dependencies = UrlOf(baseUri, urls, "dependencies");

        string? dataStandard = null;
        if (TryGet(root, "dataModels", out var models) && models.ValueKind == JsonValueKind.Array)
        {
            foreach (var model in models.EnumerateArray())
            {
                if (
                    TryGet(model, "name", out var name)
                    && name.ValueKind == JsonValueKind.String
                    && string.Equals(name.GetString(), "Ed-Fi", StringComparison.OrdinalIgnoreCase)
                    && TryGet(model, "version", out var version)
                    && version.ValueKind == JsonValueKind.String
                )
                {
                    dataStandard = version.GetString();
                    break;
                }
            }
        }

        var apiVersion =
            TryGet(root, "version", out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

        return new EdFiDiscovery(
            oauth,
            AsDirectory(data),
            AsDirectory(changeQueries),
            dependencies,
            string.IsNullOrWhiteSpace(dataStandard) ? UnknownDataStandard : dataStandard,
            apiVersion
        )
        {
            DataStandardKnown = !string.IsNullOrWhiteSpace(dataStandard),
        };
    }

    /// <summary>Whether the document named a data standard (otherwise <see cref="UnknownDataStandard"/> was assumed).</summary>
    public bool DataStandardKnown { get; init; } = true;

    private static Uri? UrlOf(Uri baseUri, JsonElement urls, string name) =>
        TryGet(urls, name, out var value)
        && value.ValueKind == JsonValueKind.String
        && !string.IsNullOrWhiteSpace(value.GetString())
        && Uri.TryCreate(baseUri, value.GetString(), out var uri)
            ? uri
            : null;

    // Relative paths are resolved against these roots, so they must end in '/' (DMS's "…/data" does not).
    private static Uri AsDirectory(Uri uri) =>
        uri.AbsolutePath.EndsWith('/') ? uri : new UriBuilder(uri) { Path = uri.AbsolutePath + "/" }.Uri;

    internal static bool TryGet(JsonElement element, string name, out JsonElement value)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            if (element.TryGetProperty(name, out value))
            {
                return true;
            }
            foreach (var property in element.EnumerateObject())
            {
                if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
                {
                    value = property.Value;
                    return true;
                }
            }
        }
        value = default;
        return false;
    }
}
