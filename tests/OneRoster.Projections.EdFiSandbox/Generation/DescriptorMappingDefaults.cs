using System.Text.Json.Nodes;

namespace OneRoster.Projections.EdFiSandbox;

/// <summary>
/// The shipped Ed-Fi → OneRoster 1.2 descriptor mappings (design/mapping.md §2), as descriptorMappings items.
/// </summary>
internal static class DescriptorMappingDefaults
{
    private static readonly (string Type, string Pairs)[] Table =
    [
        (
            "CalendarEventDescriptor",
            "Instructional day=TRUE|Make-up day=TRUE|Student late arrival/early dismissal=TRUE|"
                + "Emergency day=FALSE|Holiday=FALSE|Other=FALSE|Strike=FALSE|Teacher only day=FALSE|Weather day=FALSE|"
                + "Non-instructional day=FALSE"
        ),
        (
            "ClassroomPositionDescriptor",
            "Teacher of Record=TRUE|Assistant Teacher=FALSE|Substitute Teacher=FALSE|"
                + "Support Teacher=FALSE"
        ),
        (
            "TermDescriptor",
            "Semester=semester|Fall Semester=semester|Spring Semester=semester|Summer Semester=semester|"
                + "Quarter=term|First Quarter=term|Second Quarter=term|Third Quarter=term|Fourth Quarter=term|"
                + "Trimester=gradingPeriod|First Trimester=gradingPeriod|Second Trimester=gradingPeriod|"
                + "Third Trimester=gradingPeriod|MiniTerm=term|Year Round=schoolYear|Other=term"
        ),
        (
            "RaceDescriptor",
            "American Indian or Alaska Native=americanIndianOrAlaskaNative|Asian=asian|"
                + "Black or African American=blackOrAfricanAmerican|"
                + "Native Hawaiian or Pacific Islander=nativeHawaiianOrOtherPacificIslander|White=white"
        ),
        ("SexDescriptor", "Female=female|Male=male|Non-binary=other|Not Selected=unspecified"),
        (
            "StaffClassificationDescriptor",
            "Pre-Kindergarten Teacher=teacher|Kindergarten Teacher=teacher|"
                + "Elementary Teacher=teacher|Secondary Teacher=teacher|Ungraded Teacher=teacher|Teacher=teacher|"
                + "Substitute Teacher=teacher|Instructional Coordinator=teacher|Paraprofessional/Instructional Aide=aide|"
                + "Instructional Aide=aide|Elementary School Counselor=counselor|Secondary School Counselor=counselor|"
                + "School Counselor=counselor|Counselor=counselor|LEA Administrator=districtAdministrator|"
                + "LEA Administrative Support Staff=districtAdministrator|Assistant Superintendent=districtAdministrator|"
                + "LEA System Administrator=districtAdministrator|State Administrator=districtAdministrator|"
                + "Superintendent=districtAdministrator|School Administrator=siteAdministrator|"
                + "School Administrative Support Staff=siteAdministrator|School Leader=siteAdministrator|"
                + "Assistant Principal=principal|Principal=principal"
        ),
    ];

    public static IEnumerable<JsonObject> Items() =>
        from row in Table
        from pair in row.Pairs.Split('|')
        let parts = pair.Split('=')
        orderby parts[0], row.Type
        select new JsonObject
        {
            ["value"] = parts[0],
            ["namespace"] = "uri://ed-fi.org/" + row.Type,
            ["mappedValue"] = parts[1],
            ["mappedNamespace"] = "uri://1edtech.org/oneroster12/" + row.Type,
            ["mappingScopes"] = new JsonArray(),
        };
}
