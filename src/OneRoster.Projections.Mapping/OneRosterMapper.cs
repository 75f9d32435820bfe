namespace OneRoster.Projections.Mapping;

/// <summary>Ed-Fi source records → OneRoster documents. Pure: no I/O, same input gives the same output.</summary>
public static class OneRosterMapper
{
    /// <summary>Bumped whenever a change to the mapping code can change any document.</summary>
    public const string Version = "1";

    public static IReadOnlyList<ProjectedDocument> Project(SourceSet sources, MappingOptions options) =>
        throw new NotImplementedException("mapping is being written");
}
