using System.Globalization;
using System.Text.Json;

namespace OneRoster.Projections.Mapping;

/// <summary>
/// The dependency graph of mapping.md §3, as keys. Every OneRoster document belongs to one partition: the
/// documents that are always computed together from the same Ed-Fi records (a student's users and
/// demographics rows, a section's class and enrollments, …). Every Ed-Fi record carries the keys of what it
/// feeds (<see cref="SourceKeys.Of"/>): the partitions it is read by and the lookup keys that lead from it
/// to the records and partitions further along the graph. An incremental recompute expands the keys of
/// the records a window changed into partitions (<see cref="FanOut"/>), loads every record those partitions
/// read (<see cref="NextHop"/>), and recomputes only them.
/// </summary>
public static class Partitions
{
    /// <summary>orgs, academicSessions and courses: few documents, read across the whole district.</summary>
    public const string Global = "G";

    /// <summary>A key meaning "every partition": schools, education agencies and descriptor mappings.</summary>
    public const string Everything = "*";

    public const string ClassPrefix = "class:";
    public const string StudentPrefix = "student:";
    public const string StaffPrefix = "staff:";
    public const string ContactPrefix = "contact:";

    // Lookup keys: they name records, not partitions.
    internal const string StudentRecordPrefix = "studentrec:";
    internal const string StaffRecordPrefix = "staffrec:";
    internal const string StudentSectionPrefix = "stusec:";
    internal const string StaffSectionPrefix = "stasec:";
    internal const string OfferingPrefix = "offering:";
    internal const string CourseRefPrefix = "courseref:";
    internal const string CoursePrefix = "course:";
    internal const string ContactOfPrefix = "contactof:";

    /// <summary>A section's class and its enrollments; keyed by the class sourcedId, so keys that differ only in case meet.</summary>
    public static string Class(in SectionKey section) => ClassPrefix + Identifiers.Class(section);

    public static string Student(string uniqueId) => StudentPrefix + uniqueId;

    public static string Staff(string uniqueId) => StaffPrefix + uniqueId;

    public static string Contact(string uniqueId) => ContactPrefix + uniqueId;

    public static bool IsPartition(string key) =>
        key == Global
        || key.StartsWith(ClassPrefix, StringComparison.Ordinal)
        || key.StartsWith(StudentPrefix, StringComparison.Ordinal)
        || key.StartsWith(StaffPrefix, StringComparison.Ordinal)
        || key.StartsWith(ContactPrefix, StringComparison.Ordinal);

    /// <summary>One step of fan-out from a key of a changed record (mapping.md §3, right-hand column).</summary>
    /// <returns>
    /// The partitions the key names directly, and lookups: (key to find records by, prefix of the keys of
    /// those records to follow). A lookup result that is itself a lookup key is fanned out again.
    /// </returns>
    public static (
        IReadOnlyList<string> Partitions,
        IReadOnlyList<(string Find, string Follow)> Lookups
    ) FanOut(string key)
    {
        if (key == Everything)
        {
            return ([Everything], []);
        }
        if (IsPartition(key))
        {
            // A student's schools and edorgs decide the school set, sourcedId and roles of their contacts.
            return key.StartsWith(StudentPrefix, StringComparison.Ordinal)
                ? ([key], [(ContactOfPrefix + key[StudentPrefix.Length..], ContactPrefix)])
                : ([key], []);
        }
        if (Suffix(key, StudentRecordPrefix) is { } student)
        {
            // The student record gates the student's enrollments.
            return ([], [(StudentSectionPrefix + student, ClassPrefix)]);
        }
        if (Suffix(key, StaffRecordPrefix) is { } staff)
        {
            return ([], [(StaffSectionPrefix + staff, ClassPrefix)]);
        }
        if (key.StartsWith(OfferingPrefix, StringComparison.Ordinal))
        {
            // Title, course link and existence of every class of the offering; courses' school-year link.
            return ([Global], [(key, ClassPrefix)]);
        }
        if (Suffix(key, CoursePrefix) is { } course)
        {
            // The course title is a class's title fallback: the offerings of the course lead to its classes.
            return ([Global], [(CourseRefPrefix + course, OfferingPrefix)]);
        }
        return ([], []);
    }

    /// <summary>
    /// What a loaded record of a partition needs loaded besides itself: the key whose records complete
    /// its inputs (a section's offering, an offering's course, the person records that gate enrollments,
    /// the school associations of a contact's students). Null when nothing.
    /// </summary>
    public static string? NextHop(string key) =>
        key.StartsWith(OfferingPrefix, StringComparison.Ordinal) ? key
        : Suffix(key, CourseRefPrefix) is { } course ? CoursePrefix + course
        : Suffix(key, StudentSectionPrefix) is { } student ? StudentRecordPrefix + student
        : Suffix(key, StaffSectionPrefix) is { } staff ? StaffRecordPrefix + staff
        : Suffix(key, ContactOfPrefix) is { } linked ? StudentPrefix + linked
        : null;

    /// <summary>
    /// Keys whose dependents read only whether the record exists (the person records that gate enrollments):
    /// a change to a record that stays alive and keeps the key does not reach them.
    /// </summary>
    public static bool ReadsOnlyExistence(string key) =>
        key.StartsWith(StudentRecordPrefix, StringComparison.Ordinal)
        || key.StartsWith(StaffRecordPrefix, StringComparison.Ordinal);

    private static string? Suffix(string key, string prefix) =>
        key.StartsWith(prefix, StringComparison.Ordinal) ? key[prefix.Length..] : null;

    internal static string OfferingKey(string lcc, long school, long year, string session) =>
        string.Create(CultureInfo.InvariantCulture, $"{OfferingPrefix}{lcc}|{school}|{year}|{session}");

    internal static string CourseKey(string prefix, long edorg, string code) =>
        string.Create(CultureInfo.InvariantCulture, $"{prefix}{edorg}|{code}");
}

/// <summary>The keys one Ed-Fi record carries (see <see cref="Partitions"/>).</summary>
public static class SourceKeys
{
    /// <summary>Bumped whenever the rules below change: stored records' keys are then computed again.</summary>
    public const string Version = "1";

    /// <summary>
    /// Keys of a record of <paramref name="resource"/> for the data standard's major version. Records that
    /// no mapping reads (calendars, class periods, descriptors, employment associations) carry none.
    /// </summary>
    public static IReadOnlyList<string> Of(string resource, JsonElement data, int dataStandardMajor)
    {
        var ds4 = dataStandardMajor == 4;
        var keys = new List<string>(4);
        switch (resource)
        {
            case "schools":
            case "localEducationAgencies":
            case "stateEducationAgencies":
            case "descriptorMappings":
                keys.Add(Partitions.Everything);
                break;
            case "sessions":
            case "calendarDates":
                keys.Add(Partitions.Global);
                break;
            case "courses":
                keys.Add(Partitions.Global);
                if (
                    data.Long("educationOrganizationReference", "educationOrganizationId") is { } edorg
                    && data.Str("courseCode") is { } code
                )
                {
                    keys.Add(Partitions.CourseKey(Partitions.CoursePrefix, edorg, code));
                }
                break;
            case "courseOfferings":
                keys.Add(Partitions.Global);
                if (
                    data.Str("localCourseCode") is { } lcc
                    && data.Long("schoolReference", "schoolId") is { } school
                    && data.Long("sessionReference", "schoolYear") is { } year
                    && data.Str("sessionReference", "sessionName") is { } session
                )
                {
                    keys.Add(Partitions.OfferingKey(lcc, school, year, session));
                }
                if (
                    data.Long("courseReference", "educationOrganizationId") is { } courseEdOrg
                    && data.Str("courseReference", "courseCode") is { } courseCode
                )
                {
                    keys.Add(Partitions.CourseKey(Partitions.CourseRefPrefix, courseEdOrg, courseCode));
                }
                break;
            case "sections":
                if (
                    data.Str("sectionIdentifier") is { } id
                    && JsonRead.SectionKeyOf(data.Obj("courseOfferingReference"), id) is { } key
                )
                {
                    keys.Add(Partitions.Class(key));
                    keys.Add(
                        Partitions.OfferingKey(
                            key.LocalCourseCode,
                            key.SchoolId,
                            key.SchoolYear,
                            key.SessionName
                        )
                    );
                }
                break;
            case "staffSectionAssociations":
                AddSection(keys, data);
                if (data.Str("staffReference", "staffUniqueId") is { } teacher)
                {
                    keys.Add(Partitions.Staff(teacher));
                    keys.Add(Partitions.StaffSectionPrefix + teacher);
                }
                break;
            case "studentSectionAssociations":
                AddSection(keys, data);
                if (data.Str("studentReference", "studentUniqueId") is { } learner)
                {
                    keys.Add(Partitions.StudentSectionPrefix + learner);
                }
                break;
            case "students":
                if (data.Str("studentUniqueId") is { } student)
                {
                    keys.Add(Partitions.Student(student));
                    keys.Add(Partitions.StudentRecordPrefix + student);
                }
                break;
            case "studentSchoolAssociations":
            case "studentEducationOrganizationAssociations":
                if (data.Str("studentReference", "studentUniqueId") is { } associated)
                {
                    keys.Add(Partitions.Student(associated));
                }
                break;
            case "staffs":
                if (data.Str("staffUniqueId") is { } staff)
                {
                    keys.Add(Partitions.Staff(staff));
                    keys.Add(Partitions.StaffRecordPrefix + staff);
                }
                break;
            case "staffSchoolAssociations":
            case "staffEducationOrganizationAssignmentAssociations":
            case "staffEducationOrganizationContactAssociations":
                if (data.Str("staffReference", "staffUniqueId") is { } member)
                {
                    keys.Add(Partitions.Staff(member));
                }
                break;
            case "contacts" when !ds4:
            case "parents" when ds4:
                if (data.Str(ds4 ? "parentUniqueId" : "contactUniqueId") is { } contact)
                {
                    keys.Add(Partitions.Contact(contact));
                }
                break;
            case "studentContactAssociations" when !ds4:
            case "studentParentAssociations" when ds4:
                if (
                    data.Str(
                        ds4 ? "parentReference" : "contactReference",
                        ds4 ? "parentUniqueId" : "contactUniqueId"
                    ) is
                    { } linkedContact
                )
                {
                    keys.Add(Partitions.Contact(linkedContact));
                }
                if (data.Str("studentReference", "studentUniqueId") is { } linkedStudent)
                {
                    keys.Add(Partitions.ContactOfPrefix + linkedStudent);
                }
                break;
        }
        return keys;
    }

    private static void AddSection(List<string> keys, JsonElement association)
    {
        var reference = association.Obj("sectionReference");
        if (reference?.Str("sectionIdentifier") is { } id && JsonRead.SectionKeyOf(reference, id) is { } key)
        {
            keys.Add(Partitions.Class(key));
        }
    }
}
