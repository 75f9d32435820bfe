namespace OneRoster.Projections.EdFiSandbox;

/// <summary>
/// Natural keys per resource and Data Standard, flattened as ODS does in keyValues: reference members are
/// pulled
/// up (schoolId, not schoolReference). Every resource of the Grand Bend sample folders is listed.
/// </summary>
public static class NaturalKeys
{
    private static readonly KeyField[] SectionKey =
    [
        Ref("localCourseCode", "sectionReference"),
        Ref("schoolId", "sectionReference"),
        Ref("schoolYear", "sectionReference"),
        Ref("sectionIdentifier", "sectionReference"),
        Ref("sessionName", "sectionReference"),
    ];

    private static readonly Dictionary<DataStandard, IReadOnlyDictionary<string, ResourceDefinition>> Tables =
        new()
        {
            [DataStandard.Ds52] = Index(Common().Concat(Ds52Only())),
            [DataStandard.Ds40] = Index(Common().Concat(Ds40Only())),
        };

    public static IReadOnlyDictionary<string, ResourceDefinition> For(DataStandard standard) =>
        Tables[standard];

    private static Dictionary<string, ResourceDefinition> Index(IEnumerable<ResourceDefinition> all) =>
        all.ToDictionary(d => d.Name, StringComparer.OrdinalIgnoreCase);

    private static KeyField Own(string name) => new(name, name);

    private static KeyField Ref(string name, string reference) => new(name, reference + "." + name);

    private static ResourceDefinition R(string name, params KeyField[] key) => new(name, key);

    private static IEnumerable<ResourceDefinition> Common()
    {
        yield return R(
            "descriptorMappings",
            Own("namespace"),
            Own("value"),
            Own("mappedNamespace"),
            Own("mappedValue")
        );
        yield return R("schoolYearTypes", Own("schoolYear"));
        yield return R("stateEducationAgencies", Own("stateEducationAgencyId"));
        yield return R("educationServiceCenters", Own("educationServiceCenterId"));
        yield return R("localEducationAgencies", Own("localEducationAgencyId"));
        yield return R("schools", Own("schoolId"));
        yield return R("people", Own("personId"), Own("sourceSystemDescriptor"));
        yield return R(
            "credentials",
            Own("credentialIdentifier"),
            Own("stateOfIssueStateAbbreviationDescriptor")
        );
        yield return R("learningStandards", Own("learningStandardId"));
        yield return R("students", Own("studentUniqueId"));
        yield return R("staffs", Own("staffUniqueId"));
        yield return R(
            "calendars",
            Own("calendarCode"),
            Ref("schoolId", "schoolReference"),
            Ref("schoolYear", "schoolYearTypeReference")
        );
        yield return R(
            "calendarDates",
            Own("date"),
            Ref("calendarCode", "calendarReference"),
            Ref("schoolId", "calendarReference"),
            Ref("schoolYear", "calendarReference")
        );
        yield return new ResourceDefinition(
            "classPeriods",
            [Own("classPeriodName"), Ref("schoolId", "schoolReference")],
            allowsKeyChanges: true,
            [new CascadeRule("sections", "classPeriods[].classPeriodReference")]
        );
        yield return new ResourceDefinition(
            "locations",
            [Own("classroomIdentificationCode"), Ref("schoolId", "schoolReference")],
            allowsKeyChanges: true,
            [new CascadeRule("sections", "locationReference")]
        );
        yield return R(
            "courses",
            Own("courseCode"),
            Ref("educationOrganizationId", "educationOrganizationReference")
        );
        yield return new ResourceDefinition(
            "sessions",
            [
                Ref("schoolId", "schoolReference"),
                Ref("schoolYear", "schoolYearTypeReference"),
                Own("sessionName"),
            ],
            allowsKeyChanges: true,
            [
                new CascadeRule("courseOfferings", "sessionReference"),
                new CascadeRule("studentSchoolAttendanceEvents", "sessionReference"),
            ]
        );
        yield return new ResourceDefinition(
            "courseOfferings",
            [
                Own("localCourseCode"),
                Ref("schoolId", "schoolReference"),
                Ref("schoolYear", "sessionReference"),
                Ref("sessionName", "sessionReference"),
            ],
            cascades: [new CascadeRule("sections", "courseOfferingReference")]
        );
        yield return new ResourceDefinition(
            "sections",
            [
                Own("sectionIdentifier"),
                Ref("localCourseCode", "courseOfferingReference"),
                Ref("schoolId", "courseOfferingReference"),
                Ref("schoolYear", "courseOfferingReference"),
                Ref("sessionName", "courseOfferingReference"),
            ],
            allowsKeyChanges: true,
            [
                new CascadeRule("studentSectionAssociations", "sectionReference"),
                new CascadeRule("staffSectionAssociations", "sectionReference"),
            ]
        );
        yield return new ResourceDefinition(
            "studentSchoolAssociations",
            [
                Ref("studentUniqueId", "studentReference"),
                Ref("schoolId", "schoolReference"),
                Own("entryDate"),
            ],
            allowsKeyChanges: true
        );
        yield return new ResourceDefinition(
            "studentSectionAssociations",
            [Ref("studentUniqueId", "studentReference"), Own("beginDate"), .. SectionKey],
            allowsKeyChanges: true
        );
        yield return R(
            "studentEducationOrganizationAssociations",
            Ref("studentUniqueId", "studentReference"),
            Ref("educationOrganizationId", "educationOrganizationReference")
        );
        yield return R(
            "studentSchoolAttendanceEvents",
            Ref("studentUniqueId", "studentReference"),
            Ref("schoolId", "schoolReference"),
            Ref("schoolYear", "sessionReference"),
            Ref("sessionName", "sessionReference"),
            Own("eventDate"),
            Own("attendanceEventCategoryDescriptor")
        );
        yield return R(
            "staffSchoolAssociations",
            Ref("staffUniqueId", "staffReference"),
            Ref("schoolId", "schoolReference"),
            Own("programAssignmentDescriptor")
        );
        yield return R(
            "staffEducationOrganizationAssignmentAssociations",
            Ref("staffUniqueId", "staffReference"),
            Ref("educationOrganizationId", "educationOrganizationReference"),
            Own("staffClassificationDescriptor"),
            Own("beginDate")
        );
        yield return R(
            "staffEducationOrganizationContactAssociations",
            Ref("staffUniqueId", "staffReference"),
            Ref("educationOrganizationId", "educationOrganizationReference"),
            Own("contactTitle")
        );
        yield return R(
            "staffEducationOrganizationEmploymentAssociations",
            Ref("staffUniqueId", "staffReference"),
            Ref("educationOrganizationId", "educationOrganizationReference"),
            Own("employmentStatusDescriptor"),
            Own("hireDate")
        );
    }

    private static IEnumerable<ResourceDefinition> Ds52Only()
    {
        yield return R("contacts", Own("contactUniqueId"));
        yield return R(
            "studentContactAssociations",
            Ref("contactUniqueId", "contactReference"),
            Ref("studentUniqueId", "studentReference")
        );
        yield return R(
            "gradingPeriods",
            Own("gradingPeriodDescriptor"),
            Own("gradingPeriodName"),
            Ref("schoolId", "schoolReference"),
            Ref("schoolYear", "schoolYearTypeReference")
        );
        yield return R(
            "staffSectionAssociations",
            [Ref("staffUniqueId", "staffReference"), Own("beginDate"), .. SectionKey]
        );
    }

    private static IEnumerable<ResourceDefinition> Ds40Only()
    {
        yield return R("parents", Own("parentUniqueId"));
        yield return R(
            "studentParentAssociations",
            Ref("parentUniqueId", "parentReference"),
            Ref("studentUniqueId", "studentReference")
        );
        yield return R(
            "gradingPeriods",
            Own("gradingPeriodDescriptor"),
            Own("periodSequence"),
            Ref("schoolId", "schoolReference"),
            Ref("schoolYear", "schoolYearTypeReference")
        );
        yield return R("staffSectionAssociations", [Ref("staffUniqueId", "staffReference"), .. SectionKey]);
    }
}
