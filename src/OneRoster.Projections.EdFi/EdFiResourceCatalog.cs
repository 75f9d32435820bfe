using System.Globalization;
using System.Text;
using System.Text.Json;

namespace OneRoster.Projections.EdFi;

/// <summary>One part of an Ed-Fi natural key: the flattened name used in <c>keyValues</c> and where it sits in an item.</summary>
public sealed record KeyPart(string Name, string Path);

/// <summary>An Ed-Fi resource the projections read, with its natural key.</summary>
public sealed record EdFiResource(string Name, IReadOnlyList<KeyPart> Key);

/// <summary>
/// The Ed-Fi resources the OneRoster mapping reads (mapping.md §1 and §3), and how to compute a canonical
/// natural key from an item or from the flattened <c>keyValues</c> of <c>/deletes</c> and <c>/keyChanges</c>.
/// </summary>
public static class EdFiResourceCatalog
{
    private static KeyPart K(string name, string? path = null) => new(name, path ?? name);

    private static readonly KeyPart[] SectionKey =
    [
        K("localCourseCode", "sectionReference.localCourseCode"),
        K("schoolId", "sectionReference.schoolId"),
        K("schoolYear", "sectionReference.schoolYear"),
        K("sectionIdentifier", "sectionReference.sectionIdentifier"),
        K("sessionName", "sectionReference.sessionName"),
    ];

    private static IReadOnlyList<EdFiResource> Build(int dataStandardMajor)
    {
        var contact = dataStandardMajor >= 5 ? "contact" : "parent";
        var staffSectionKey = new List<KeyPart>(SectionKey)
        {
            K("staffUniqueId", "staffReference.staffUniqueId"),
        };
        if (dataStandardMajor >= 5)
        {
            staffSectionKey.Add(K("beginDate"));
        }

        return
        [
            new("descriptorMappings", [K("namespace"), K("value"), K("mappedNamespace"), K("mappedValue")]),
            new("stateEducationAgencies", [K("stateEducationAgencyId")]),
            new("localEducationAgencies", [K("localEducationAgencyId")]),
            new("schools", [K("schoolId")]),
            new(
                "sessions",
                [
                    K("schoolId", "schoolReference.schoolId"),
                    K("schoolYear", "schoolYearTypeReference.schoolYear"),
                    K("sessionName"),
                ]
            ),
            new(
                "calendarDates",
                [
                    K("calendarCode", "calendarReference.calendarCode"),
                    K("date"),
                    K("schoolId", "calendarReference.schoolId"),
                    K("schoolYear", "calendarReference.schoolYear"),
                ]
            ),
            new(
                "courses",
                [
                    K("courseCode"),
                    K("educationOrganizationId", "educationOrganizationReference.educationOrganizationId"),
                ]
            ),
            new(
                "courseOfferings",
                [
                    K("localCourseCode"),
                    K("schoolId", "schoolReference.schoolId"),
                    K("schoolYear", "sessionReference.schoolYear"),
                    K("sessionName", "sessionReference.sessionName"),
                ]
            ),
            new(
                "sections",
                [
                    K("localCourseCode", "courseOfferingReference.localCourseCode"),
                    K("schoolId", "courseOfferingReference.schoolId"),
                    K("schoolYear", "courseOfferingReference.schoolYear"),
                    K("sectionIdentifier"),
                    K("sessionName", "courseOfferingReference.sessionName"),
                ]
            ),
            new("students", [K("studentUniqueId")]),
            new("staffs", [K("staffUniqueId")]),
            new(contact + "s", [K(contact + "UniqueId")]),
            new(
                "studentSchoolAssociations",
                [
                    K("entryDate"),
                    K("schoolId", "schoolReference.schoolId"),
                    K("studentUniqueId", "studentReference.studentUniqueId"),
                ]
            ),
            new(
                "studentEducationOrganizationAssociations",
                [
                    K("educationOrganizationId", "educationOrganizationReference.educationOrganizationId"),
                    K("studentUniqueId", "studentReference.studentUniqueId"),
                ]
            ),
            new(
                "student" + char.ToUpperInvariant(contact[0]) + contact[1..] + "Associations",
                [
                    K(contact + "UniqueId", contact + "Reference." + contact + "UniqueId"),
                    K("studentUniqueId", "studentReference.studentUniqueId"),
                ]
            ),
            new(
                "staffSchoolAssociations",
                [
                    K("programAssignmentDescriptor"),
                    K("schoolId", "schoolReference.schoolId"),
                    K("staffUniqueId", "staffReference.staffUniqueId"),
                ]
            ),
            new(
                "staffEducationOrganizationAssignmentAssociations",
                [
                    K("beginDate"),
                    K("educationOrganizationId", "educationOrganizationReference.educationOrganizationId"),
                    K("staffClassificationDescriptor"),
                    K("staffUniqueId", "staffReference.staffUniqueId"),
                ]
            ),
            new(
                "staffEducationOrganizationContactAssociations",
                [
                    K("contactTitle"),
                    K("educationOrganizationId", "educationOrganizationReference.educationOrganizationId"),
                    K("staffUniqueId", "staffReference.staffUniqueId"),
                ]
            ),
            new(
                "studentSectionAssociations",
                [K("beginDate"), .. SectionKey, K("studentUniqueId", "studentReference.studentUniqueId")]
            ),
            new("staffSectionAssociations", staffSectionKey),
        ];
    }

    private static readonly IReadOnlyList<EdFiResource> Ds5 = Build(5);
    private static readonly IReadOnlyList<EdFiResource> Ds4 = Build(4);

    /// <summary>The resources to read, in a dependency order that works when the source offers none.</summary>
    public static IReadOnlyList<EdFiResource> For(int dataStandardMajor) =>
        dataStandardMajor >= 5 ? Ds5 : Ds4;

    public static EdFiResource? Find(int dataStandardMajor, string resource) =>
        For(dataStandardMajor)
            .FirstOrDefault(r => string.Equals(r.Name, resource, StringComparison.OrdinalIgnoreCase));

    /// <summary>Data Standard major version from a discovery <c>dataModels[].version</c> such as <c>5.2.0</c>.</summary>
    public static int MajorOf(string dataStandardVersion) =>
        int.TryParse(
            dataStandardVersion.Split('.')[0],
            NumberStyles.Integer,
            CultureInfo.InvariantCulture,
            out var major
        )
            ? major
            : 5;

    /// <summary>Canonical key from a full item; null when a key part is missing (the item is malformed).</summary>
    public static string? NaturalKeyOfItem(EdFiResource resource, JsonElement item) =>
        Canonical(resource, part => Walk(item, part.Path));

    /// <summary>Canonical key from flattened <c>keyValues</c>/<c>oldKeyValues</c>/<c>newKeyValues</c>.</summary>
    public static string? NaturalKeyOfKeyValues(EdFiResource resource, JsonElement keyValues) =>
        Canonical(resource, part => FindProperty(keyValues, part.Name));

    private static string? Canonical(EdFiResource resource, Func<KeyPart, JsonElement?> valueOf)
    {
        var builder = new StringBuilder();
        foreach (var part in resource.Key)
        {
            var value = valueOf(part);
            var text = value is null ? null : Text(value.Value);
            if (text is null)
            {
                return null;
            }
            if (builder.Length > 0)
            {
                builder.Append('|');
            }
            builder.Append(part.Name).Append('=').Append(text);
        }
        return builder.ToString();
    }

    private static string? Text(JsonElement value) =>
        value.ValueKind switch
        {
            JsonValueKind.String => NormalizeDate(value.GetString()!),
            JsonValueKind.Number => value.GetRawText(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => null,
        };

    // keyValues carry dates as yyyy-MM-dd; items may carry a date-time for the same field.
    private static string NormalizeDate(string text) =>
        text.Length > 10 && text[4] == '-' && text[7] == '-' && text[10] == 'T' ? text[..10] : text;

    private static JsonElement? Walk(JsonElement item, string path)
    {
        var current = item;
        foreach (var segment in path.Split('.'))
        {
            if (current.ValueKind != JsonValueKind.Object || FindProperty(current, segment) is not { } next)
            {
                return null;
            }
            current = next;
        }
        return current;
    }

    // Ed-Fi matches property names case-insensitively; so do we.
    private static JsonElement? FindProperty(JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return null;
        }
        if (element.TryGetProperty(name, out var exact))
        {
            return exact;
        }
        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value;
            }
        }
        return null;
    }
}
