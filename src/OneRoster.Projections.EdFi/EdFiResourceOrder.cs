using System.Text.Json;

namespace OneRoster.Projections.EdFi;

/// <summary>
/// The order to read resources in (§2): ascending dependency <c>order</c> for key changes and upserts,
/// the reverse for deletes. Resources the dependency document does not list keep the catalog's order, after
/// the listed ones.
/// </summary>
public static class EdFiResourceOrder
{
    /// <summary>
    /// Reads the flat JSON dependency document (<c>[{"resource":"/ed-fi/x","order":n,"operations":[…]}]</c>)
    /// into resource → lowest order. <c>ed-fi</c> resources are keyed by bare name, others as <c>schema/name</c>.
    /// </summary>
    public static IReadOnlyDictionary<string, int> ParseDependencies(JsonElement document)
    {
        if (document.ValueKind != JsonValueKind.Array)
        {
            throw new EdFiApiException(
                $"The dependency document is a JSON {document.ValueKind}, not an array."
            );
        }
        var orders = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var entry in document.EnumerateArray())
        {
            if (
                !EdFiDiscovery.TryGet(entry, "resource", out var resource)
                || resource.ValueKind != JsonValueKind.String
                || !EdFiDiscovery.TryGet(entry, "order", out var order)
                || !order.TryGetInt32(out var value)
            )
            {
                continue;
            }
            var name = NameOf(resource.GetString()!);
            if (name.Length > 0 && (!orders.TryGetValue(name, out var seen) || value < seen))
            {
                orders[name] = value;
            }
        }
        return orders;
    }

    /// <summary>
    /// The catalog's resources sorted by <paramref name="dependencyOrder"/> (stable: ties keep catalog order);
    /// those it does not list follow in catalog order. Without a document the catalog order stands.
    /// </summary>
    public static IReadOnlyList<EdFiResource> Arrange(
        IReadOnlyList<EdFiResource> catalog,
        IReadOnlyDictionary<string, int>? dependencyOrder
    )
    {
        if (dependencyOrder is null || dependencyOrder.Count == 0)
        {
            return catalog;
        }
        var lookup = new Dictionary<string, int>(dependencyOrder, StringComparer.OrdinalIgnoreCase);
        return catalog
            .Select(
                (resource, index) =>
                    (resource, index, order: lookup.TryGetValue(resource.Name, out var o) ? o : (int?)null)
            )
            .OrderBy(x => x.order is null ? 1 : 0)
            .ThenBy(x => x.order ?? 0)
            .ThenBy(x => x.index)
            .Select(x => x.resource)
            .ToList();
    }

    private static string NameOf(string resource)
    {
        var path = resource.Trim().Trim('/');
        const string edFi = "ed-fi/";
        return path.StartsWith(edFi, StringComparison.OrdinalIgnoreCase) ? path[edFi.Length..] : path;
    }
}
