using System.Text.Json;
using OneRoster.Projections.Contracts;
using OneRoster.Projections.EdFi;
using OneRoster.Projections.EdFiSandbox;
using OneRoster.Projections.Projector;

namespace OneRoster.Projections.IntegrationTests.Infrastructure;

/// <summary>A generated district applied to a tenant's source store as pages of one change window.</summary>
public static class DistrictPages
{
    /// <param name="windowEnd">The window's upper change version, which stamps every record it writes.</param>
    /// <param name="keep">Which items (resource, raw JSON) the window lists; all when left out.</param>
    public static async Task ApplyAsync(
        SourceStoreApplier applier,
        string tenant,
        GeneratedDistrict district,
        long windowEnd = 1000,
        Func<string, string, bool>? keep = null
    )
    {
        ArgumentNullException.ThrowIfNull(applier);
        ArgumentNullException.ThrowIfNull(district);
        foreach (var resource in EdFiResourceCatalog.For(5))
        {
            if (!district.Resources.TryGetValue(resource.Name, out var records))
            {
                continue;
            }
            var items = records
                .Select(r => JsonSerializer.Serialize(r))
                .Where(item => keep is null || keep(resource.Name, item))
                .ToList();
            for (var offset = 0; offset < items.Count; offset += 500)
            {
                await applier.ApplyAsync(
                    new EdFiChangePageV1
                    {
                        Tenant = tenant,
                        Resource = resource.Name,
                        Kind = ChangeKind.Upserts,
                        MinChangeVersion = 0,
                        MaxChangeVersion = windowEnd,
                        DataStandardVersion = "5.2.0",
                        Offset = offset,
                        Items = items.GetRange(offset, Math.Min(500, items.Count - offset)),
                    },
                    CancellationToken.None
                );
            }
        }
    }
}
