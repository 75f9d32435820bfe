namespace OneRoster.Projections.EdFiSandbox;

/// <summary>One row of /metadata/data/v3/dependencies.</summary>
public sealed record DependencyEntry(string Resource, int Order, IReadOnlyList<string> Operations);

/// <summary>
/// A load order like the ODS aggregate dependency graph: references before referrers. People appear twice,
/// "Create" early and "Update" after the association that authorizes them (the ODS retry trick).
/// </summary>
public static class DependencyOrder
{
    private static readonly string[][] Levels =
    [
        ["descriptorMappings", "schoolYearTypes", "learningStandards", "people", "credentials"],
        ["stateEducationAgencies"],
        ["educationServiceCenters"],
        ["localEducationAgencies"],
        ["schools", "students", "staffs", "contacts", "parents"],
        ["calendars", "classPeriods", "locations", "courses", "gradingPeriods"],
        ["sessions", "calendarDates"],
        [
            "courseOfferings",
            "studentSchoolAssociations",
            "studentEducationOrganizationAssociations",
            "staffSchoolAssociations",
            "staffEducationOrganizationAssignmentAssociations",
            "staffEducationOrganizationContactAssociations",
            "staffEducationOrganizationEmploymentAssociations",
            "studentContactAssociations",
            "studentParentAssociations",
        ],
        ["sections", "studentSchoolAttendanceEvents"],
        ["studentSectionAssociations", "staffSectionAssociations"],
    ];

    private static readonly HashSet<string> People = new(StringComparer.OrdinalIgnoreCase)
    {
        "students",
        "staffs",
        "contacts",
        "parents",
    };

    /// <summary>Position of a resource in the load order; unknown resources go last.</summary>
    public static int LevelOf(string resource)
    {
        for (var i = 0; i < Levels.Length; i++)
        {
            if (Levels[i].Contains(resource, StringComparer.OrdinalIgnoreCase))
            {
                return i + 1;
            }
        }
        return Levels.Length + 1;
    }

    public static IReadOnlyList<DependencyEntry> For(IEnumerable<string> resources)
    {
        var list = resources.ToList();
        var retryLevel = Levels.Length + 2;
        var entries = list.Select(r => new DependencyEntry(
                "/ed-fi/" + r,
                LevelOf(r),
                People.Contains(r) ? ["Create"] : ["Create", "Update"]
            ))
            .Concat(
                list.Where(People.Contains)
                    .Select(r => new DependencyEntry("/ed-fi/" + r, retryLevel, ["Update"]))
            )
            .OrderBy(e => e.Order)
            .ThenBy(e => e.Resource, StringComparer.Ordinal)
            .ToList();
        return entries;
    }
}
