using System.Text.Json;

namespace OneRoster.Projections.Mapping;

/// <summary>
/// Everything several class mappings share, built once per <see cref="OneRosterMapper.Project"/> call:
/// the effective descriptor mappings, GUIDRef builder, the education-organization hierarchy and the
/// resource names of the data standard.
/// </summary>
internal sealed class MappingContext
{
    public MappingContext(SourceSet sources, MappingOptions options)
    {
        Sources = sources;
        Options = options;
        Refs = new GuidRefs(options.HrefBase);
        // The source can hold two mappings of one value (the mapped value is part of the key); the one
        // seen last wins, then the greater key, so the choice never depends on the order records load in.
        Descriptors = options.DefaultDescriptorMappings.WithSourceMappings(
            sources
                .Get("descriptorMappings")
                .OrderBy(i => i.FirstSeenChangeVersion)
                .ThenBy(i => i.NaturalKey, StringComparer.Ordinal)
                .Select(i => i.Data)
        );

        foreach (var item in sources.Get("schools"))
        {
            if (item.Data.Long("schoolId") is { } schoolId)
            {
                SchoolLea[schoolId] = item.Data.Long(
                    "localEducationAgencyReference",
                    "localEducationAgencyId"
                );
            }
        }
        foreach (var item in sources.Get("localEducationAgencies"))
        {
            if (item.Data.Long("localEducationAgencyId") is { } id)
            {
                OrgIds.Add(id);
            }
        }
        foreach (var item in sources.Get("stateEducationAgencies"))
        {
            if (item.Data.Long("stateEducationAgencyId") is { } id)
            {
                OrgIds.Add(id);
            }
        }
        OrgIds.UnionWith(SchoolLea.Keys);
    }

    public SourceSet Sources { get; }

    public MappingOptions Options { get; }

    public GuidRefs Refs { get; }

    /// <summary>Defaults from projections/, overridden by the source's descriptorMappings.</summary>
    public DescriptorMappingTable Descriptors { get; }

    /// <summary>Every existing school → its LEA id (null when the school names none).</summary>
    public Dictionary<long, long?> SchoolLea { get; } = [];

    /// <summary>Ids of every existing school, LEA and SEA (the edorgs that become orgs rows).</summary>
    public HashSet<long> OrgIds { get; } = [];

    public bool IsDataStandard4 => Options.DataStandardMajor == 4;

    // Ids that many documents repeat (org, class and person links), hashed once per projection.
    private readonly Dictionary<long, string> orgIds = [];
    private readonly Dictionary<SectionKey, string> classIds = [];
    private readonly Dictionary<(string Prefix, string UniqueId, long? SchoolId), string> personIds = [];

    public string OrgId(long educationOrganizationId) =>
        Cached(orgIds, educationOrganizationId, Identifiers.Org);

    public string ClassId(SectionKey section) => Cached(classIds, section, s => Identifiers.Class(s));

    public string PersonId(string prefix, string uniqueId, long? schoolId) =>
        Cached(personIds, (prefix, uniqueId, schoolId), k => Identifiers.Person(k.Item1, k.Item2, k.Item3));

    private static string Cached<TKey>(Dictionary<TKey, string> cache, TKey key, Func<TKey, string> compute)
        where TKey : notnull
    {
        if (!cache.TryGetValue(key, out var id))
        {
            id = compute(key);
            cache[key] = id;
        }
        return id;
    }

    /// <summary>DS 4.0 calls contacts parents (mapping.md 1.7 ⚑).</summary>
    public string ContactResource => IsDataStandard4 ? "parents" : "contacts";

    public string ContactUniqueIdName => IsDataStandard4 ? "parentUniqueId" : "contactUniqueId";

    public string ContactReferenceName => IsDataStandard4 ? "parentReference" : "contactReference";

    public string StudentContactResource =>
        IsDataStandard4 ? "studentParentAssociations" : "studentContactAssociations";

    public bool SchoolExists(long? schoolId) => schoolId is { } id && SchoolLea.ContainsKey(id);

    public long? LeaOf(long schoolId) => SchoolLea.TryGetValue(schoolId, out var lea) ? lea : null;

    public string? Map(string descriptorType, string? descriptorUri) =>
        Descriptors.Map(descriptorType, descriptorUri);

    /// <summary>A mapped value meaning TRUE (CalendarEvent, ClassroomPosition), compared as the reference's lower().</summary>
    public bool MapsToTrue(string descriptorType, string? descriptorUri) =>
        string.Equals(Map(descriptorType, descriptorUri), "true", StringComparison.OrdinalIgnoreCase);

    public IReadOnlyList<SourceItem> Get(string resource) => Sources.Get(resource);

    /// <summary>Groups records by a string key, skipping records without one.</summary>
    public Dictionary<string, List<JsonElement>> GroupBy(string resource, Func<JsonElement, string?> key)
    {
        var groups = new Dictionary<string, List<JsonElement>>(StringComparer.Ordinal);
        foreach (var item in Get(resource))
        {
            if (key(item.Data) is not { } k)
            {
                continue;
            }
            if (!groups.TryGetValue(k, out var list))
            {
                list = [];
                groups[k] = list;
            }
            list.Add(item.Data);
        }
        return groups;
    }
}
