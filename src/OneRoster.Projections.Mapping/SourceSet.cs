using System.Text.Json;

namespace OneRoster.Projections.Mapping;

/// <summary>One live Ed-Fi record from the source store.</summary>
/// <param name="Resource">Ed-Fi resource name, e.g. <c>studentSchoolAssociations</c>.</param>
/// <param name="NaturalKey">Canonical natural key (see EdFiResourceCatalog in the Ed-Fi project).</param>
/// <param name="Data">The item JSON as the Ed-Fi API served it.</param>
/// <param name="FirstSeenChangeVersion">
/// Change version of the window in which this natural key was first seen alive; stands in for the ODS
/// creation date, which the API does not expose (mapping.md D6).
/// </param>
/// <param name="LastModified">The item's <c>_lastModifiedDate</c> when the source sent one.</param>
public sealed record SourceItem(
    string Resource,
    string NaturalKey,
    JsonElement Data,
    long FirstSeenChangeVersion,
    DateTimeOffset? LastModified
);

/// <summary>Every live source record of one tenant, grouped by resource. Read-only input to the mapping.</summary>
public sealed class SourceSet
{
    private readonly Dictionary<string, List<SourceItem>> byResource = new(StringComparer.Ordinal);

    public SourceSet(IEnumerable<SourceItem> items)
    {
        foreach (var item in items)
        {
            if (!byResource.TryGetValue(item.Resource, out var list))
            {
                list = [];
                byResource[item.Resource] = list;
            }
            list.Add(item);
        }
    }

    public IReadOnlyList<SourceItem> Get(string resource) =>
        byResource.TryGetValue(resource, out var list) ? list : [];

    public IEnumerable<string> Resources => byResource.Keys;
}

/// <summary>Settings of one mapping run.</summary>
/// <param name="DataStandardMajor">4 or 5: parents vs contacts, the DS 4.0 staff-section key.</param>
/// <param name="HrefBase">
/// Absolute base of our rostering API, e.g. <c>http://127.0.0.1:8080/ims/oneroster/rostering/v1p2</c>;
/// GUIDRef hrefs are <c>{HrefBase}/{collection}/{sourcedId}</c> (mapping.md D3).
/// </param>
/// <param name="DefaultDescriptorMappings">The tables under <c>projections/</c>; source mappings override them.</param>
public sealed record MappingOptions(
    int DataStandardMajor,
    string HrefBase,
    DescriptorMappingTable DefaultDescriptorMappings
);

/// <summary>
/// One OneRoster object computed from the source store. <see cref="Body"/> holds every field except
/// <c>status</c> and <c>dateLastModified</c>, which the writer owns (mapping.md D1, D2).
/// </summary>
/// <param name="Class">orgs, academicSessions, courses, classes, enrollments, users or demographics.</param>
/// <param name="Kind">What subset endpoints select on: org type, session type, user role, enrollment role.</param>
/// <param name="Partition">The documents computed together with this one (<see cref="Partitions"/>).</param>
public sealed record ProjectedDocument(
    string Class,
    string SourcedId,
    string? Kind,
    IReadOnlyList<long> EducationOrganizationIds,
    System.Text.Json.Nodes.JsonObject Body,
    string Partition = Partitions.Global
);
