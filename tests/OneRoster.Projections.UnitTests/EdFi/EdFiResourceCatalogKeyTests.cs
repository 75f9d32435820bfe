using System.Text.Json;
using OneRoster.Projections.EdFi;
using Xunit;

namespace OneRoster.Projections.UnitTests.EdFi;

/// <summary>
/// A record must get the same natural key from its item (upserts) as from the flattened keyValues of
/// /deletes and /keyChanges, or deletes and key changes would never find what upserts stored.
/// The JSON is taken from edfi-change-queries.md §8.
/// </summary>
public sealed class EdFiResourceCatalogKeyTests
{
    private const string StaffSectionItem = """
        {"staffReference":{"staffUniqueId":"207288"},
         "sectionReference":{"localCourseCode":"ALG-1","schoolId":255901001,"schoolYear":2025,"sectionIdentifier":"ALG1-01-F24","sessionName":"2024-2025 Fall Semester"},
         "beginDate":"2024-08-19","endDate":"2024-12-20",
         "classroomPositionDescriptor":"uri://ed-fi.org/ClassroomPositionDescriptor#Teacher of Record","percentageContribution":1.0}
        """;

    private const string StaffSectionDelete = """
        {"id":"5b2e","changeVersion":90412,
         "keyValues":{"beginDate":"2024-08-19","localCourseCode":"ALG-1","schoolId":255901001,"schoolYear":2025,
                      "sectionIdentifier":"ALG1-01-F24","sessionName":"2024-2025 Fall Semester","staffUniqueId":"207288"}}
        """;

    private const string SectionItem = """
        {"sectionIdentifier":"ALG1-01-F24","sectionName":"Algebra I - P1",
         "courseOfferingReference":{"localCourseCode":"ALG-1","schoolId":255901001,"schoolYear":2025,"sessionName":"2024-2025 Fall Semester"},
         "locationReference":{"classroomIdentificationCode":"101","schoolId":255901001},
         "locationSchoolReference":{"schoolId":255901001}}
        """;

    private const string SectionKeyChange = """
        {"id":"e0f8","changeVersion":90977,
         "oldKeyValues":{"localCourseCode":"ALG-1","schoolId":255901001,"schoolYear":2025,"sectionIdentifier":"ALG1-01-F24","sessionName":"2024-2025 Fall Semester"},
         "newKeyValues":{"localCourseCode":"ALG-1","schoolId":255901001,"schoolYear":2025,"sectionIdentifier":"ALG1-P1-F24","sessionName":"2024-2025 Fall Semester"}}
        """;

    private const string StudentSchoolItem = """
        {"studentReference":{"studentUniqueId":"604821"},"schoolReference":{"schoolId":255901001},
         "entryDate":"2024-08-19","entryGradeLevelDescriptor":"uri://ed-fi.org/GradeLevelDescriptor#Ninth grade",
         "schoolYearTypeReference":{"schoolYear":2025},"exitWithdrawDate":null,"primarySchool":true}
        """;

    private static string? FromItem(int ds, string resource, string json) =>
        EdFiResourceCatalog.NaturalKeyOfItem(EdFiResourceCatalog.Find(ds, resource)!, Parse(json));

    private static string? FromKeyValues(int ds, string resource, string json, string property) =>
        EdFiResourceCatalog.NaturalKeyOfKeyValues(
            EdFiResourceCatalog.Find(ds, resource)!,
            Parse(json).GetProperty(property)
        );

    private static JsonElement Parse(string json) => JsonDocument.Parse(json).RootElement.Clone();

    [Fact]
    public void a_staff_section_association_has_the_same_key_from_its_item_and_from_its_delete()
    {
        var fromItem = FromItem(5, "staffSectionAssociations", StaffSectionItem);
        var fromDelete = FromKeyValues(5, "staffSectionAssociations", StaffSectionDelete, "keyValues");

        Assert.NotNull(fromItem);
        Assert.Equal(fromItem, fromDelete);
        Assert.Contains("beginDate=2024-08-19", fromItem, StringComparison.Ordinal);
    }

    [Fact]
    public void in_data_standard_4_the_staff_section_key_has_no_begin_date_either_way()
    {
        var fromItem = FromItem(4, "staffSectionAssociations", StaffSectionItem);
        var fromDelete = FromKeyValues(4, "staffSectionAssociations", StaffSectionDelete, "keyValues");

        Assert.NotNull(fromItem);
        Assert.Equal(fromItem, fromDelete);
        Assert.DoesNotContain("beginDate", fromItem, StringComparison.Ordinal);
    }

    [Fact]
    public void a_section_key_change_matches_the_old_item_with_its_old_keys_and_not_with_its_new_ones()
    {
        var fromItem = FromItem(5, "sections", SectionItem);

        Assert.NotNull(fromItem);
        Assert.Equal(fromItem, FromKeyValues(5, "sections", SectionKeyChange, "oldKeyValues"));
        Assert.NotEqual(fromItem, FromKeyValues(5, "sections", SectionKeyChange, "newKeyValues"));
    }

    [Fact]
    public void a_student_school_association_with_a_date_time_entry_date_matches_its_date_only_key_values()
    {
        var dateTimeItem = StudentSchoolItem.Replace(
            "\"2024-08-19\"",
            "\"2024-08-19T00:00:00\"",
            StringComparison.Ordinal
        );
        const string keyValues =
            """{"keyValues":{"entryDate":"2024-08-19","schoolId":255901001,"studentUniqueId":"604821"}}""";

        var fromItem = FromItem(5, "studentSchoolAssociations", dateTimeItem);

        Assert.NotNull(fromItem);
        Assert.Equal(fromItem, FromKeyValues(5, "studentSchoolAssociations", keyValues, "keyValues"));
    }

    [Fact]
    public void an_item_missing_a_key_part_has_no_key()
    {
        Assert.Null(FromItem(5, "sections", """{"sectionIdentifier":"ALG1-01-F24"}"""));
    }
}
