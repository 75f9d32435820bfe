namespace OneRoster.Projections.Mapping;

/// <summary>Ed-Fi source records → OneRoster documents. Pure: no I/O, same input gives the same output.</summary>
public static class OneRosterMapper
{
    /// <summary>Bumped whenever a change to the mapping code can change any document.</summary>
    public const string Version = "3";

    private static readonly string[] ClassOrder =
    [
        "orgs",
        "academicSessions",
        "courses",
        "classes",
        "enrollments",
        "users",
        "demographics",
    ];

    /// <summary>
    /// Every OneRoster document the source set produces (mapping.md §1), ordered by class, then sourcedId.
    /// Indexes are built once per call, so the cost grows about linearly with the number of records.
    /// </summary>
    public static IReadOnlyList<ProjectedDocument> Project(SourceSet sources, MappingOptions options) =>
        Project(sources, options, null);

    /// <summary>
    /// The documents of the given partitions only (all when null). <paramref name="sources"/> must hold every
    /// record those partitions read (see <see cref="Partitions"/>); documents of other partitions that the
    /// set happens to produce are left out, since their inputs may be incomplete.
    /// </summary>
    public static IReadOnlyList<ProjectedDocument> Project(
        SourceSet sources,
        MappingOptions options,
        IReadOnlySet<string>? partitions
    )
    {
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(options);
        var ctx = new MappingContext(sources, options);
        var output = new List<ProjectedDocument>();

        OrgsMapping.Project(ctx, output);
        AcademicSessionsMapping.Project(ctx, output);
        CoursesMapping.Project(ctx, output);
        ClassesMapping.Project(ctx, output);
        EnrollmentsMapping.Project(ctx, output);
        var students = StudentFacts.Build(ctx);
        StudentUsersMapping.Project(ctx, students, output);
        StaffUsersMapping.Project(ctx, output);
        ContactUsersMapping.Project(ctx, students, output);
        DemographicsMapping.Project(ctx, students, output);

        if (partitions is not null)
        {
            output.RemoveAll(d => !partitions.Contains(d.Partition));
        }
        return Deduplicate(output);
    }

    /// <summary>
    /// Keys that differ only in case share a sourcedId (class and enrollment keys are lower-cased, mapping.md 1.4).
    /// Keep one document per (class, sourcedId), the one whose body serializes smallest, so the choice does not
    /// depend on input order; then sort.
    /// </summary>
    private static List<ProjectedDocument> Deduplicate(List<ProjectedDocument> output)
    {
        var kept = new Dictionary<(string Class, string SourcedId), ProjectedDocument>();
        foreach (var doc in output)
        {
            var key = (doc.Class, doc.SourcedId);
            if (
                !kept.TryGetValue(key, out var other)
                || string.CompareOrdinal(doc.Body.ToJsonString(), other.Body.ToJsonString()) < 0
            )
            {
                kept[key] = doc;
            }
        }
        return
        [
            .. kept
                .Values.OrderBy(d => Array.IndexOf(ClassOrder, d.Class))
                .ThenBy(d => d.SourcedId, StringComparer.Ordinal),
        ];
    }
}
