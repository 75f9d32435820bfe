using OneRoster.Projections.Mapping;
using Xunit;
using static OneRoster.Projections.UnitTests.Mapping.MappingTestKit;

namespace OneRoster.Projections.UnitTests.Mapping;

public class DescriptorMappingTableTests
{
    [Fact]
    public void load_folder_reads_every_shipped_table_including_the_ds4_race_spellings()
    {
        var table = Defaults;

        Assert.Equal("semester", table.Map("TermDescriptor", "uri://ed-fi.org/TermDescriptor#Fall Semester"));
        Assert.Equal(
            "TRUE",
            table.Map("CalendarEventDescriptor", "uri://ed-fi.org/CalendarEventDescriptor#Make-up day")
        );
        Assert.Equal(
            "TRUE",
            table.Map(
                "ClassroomPositionDescriptor",
                "uri://ed-fi.org/ClassroomPositionDescriptor#Teacher of Record"
            )
        );
        Assert.Equal("other", table.Map("SexDescriptor", "uri://ed-fi.org/SexDescriptor#Non-binary"));
        Assert.Equal(
            "principal",
            table.Map(
                "StaffClassificationDescriptor",
                "uri://ed-fi.org/StaffClassificationDescriptor#Assistant Principal"
            )
        );
        Assert.Equal(
            "nativeHawaiianOrOtherPacificIslander",
            table.Map("RaceDescriptor", "uri://ed-fi.org/RaceDescriptor#Native Hawaiian - Pacific Islander")
        );
        // 10 calendar events + 4 positions + 16 terms + 8 races + 4 sexes + 25 classifications.
        Assert.Equal(67, table.Count);
    }

    [Fact]
    public void lookups_match_namespace_and_code_value_and_deliberately_unmapped_values_are_absent()
    {
        var table = Defaults;

        Assert.Null(
            table.Map(
                "StaffClassificationDescriptor",
                "uri://ed-fi.org/StaffClassificationDescriptor#Librarian/Media Specialist"
            )
        );
        Assert.Null(table.Map("RaceDescriptor", "uri://ed-fi.org/RaceDescriptor#Other"));
        Assert.Null(table.Map("TermDescriptor", "uri://gbisd.edu/TermDescriptor#Fall Semester"));
        Assert.Null(table.Map("TermDescriptor", "Fall Semester"));
        Assert.Null(table.Map("TermDescriptor", null));
    }

    [Fact]
    public void source_descriptor_mappings_override_the_files_value_by_value()
    {
        var docs = Project(
            Item("schools", School(1)),
            Item(
                "sessions",
                """
                {"sessionName":"T1","schoolYearTypeReference":{"schoolYear":2022},"beginDate":"2021-08-23","endDate":"2021-11-19",
                 "termDescriptor":"uri://ed-fi.org/TermDescriptor#First Trimester","schoolReference":{"schoolId":1}}
                """
            ),
            Item(
                "sessions",
                """
                {"sessionName":"F","schoolYearTypeReference":{"schoolYear":2022},"beginDate":"2021-08-23","endDate":"2021-12-17",
                 "termDescriptor":"uri://ed-fi.org/TermDescriptor#Fall Semester","schoolReference":{"schoolId":1}}
                """
            ),
            Item(
                "sessions",
                """
                {"sessionName":"C","schoolYearTypeReference":{"schoolYear":2022},"beginDate":"2021-08-23","endDate":"2021-12-17",
                 "termDescriptor":"uri://gbisd.edu/TermDescriptor#Block","schoolReference":{"schoolId":1}}
                """
            ),
            // The lightbeam seed maps trimesters to term, where the shipped SQL (our files) says gradingPeriod.
            Item(
                "descriptorMappings",
                """
                {"value":"First Trimester","namespace":"uri://ed-fi.org/TermDescriptor","mappedValue":"term",
                 "mappedNamespace":"uri://1edtech.org/oneroster12/TermDescriptor","mappingScopes":[]}
                """
            ),
            Item(
                "descriptorMappings",
                """
                {"value":"Block","namespace":"uri://gbisd.edu/TermDescriptor","mappedValue":"term",
                 "mappedNamespace":"uri://1edtech.org/oneroster12/TermDescriptor","mappingScopes":[]}
                """
            ),
            Item(
                "descriptorMappings",
                """
                {"value":"Fall Semester","namespace":"uri://ed-fi.org/TermDescriptor","mappedValue":"x",
                 "mappedNamespace":"uri://example.org/other/TermDescriptor","mappingScopes":[]}
                """
            )
        );

        Assert.Equal("term", docs.Single("academicSessions", Md5("1-2022-T1")).Kind);
        Assert.Equal("term", docs.Single("academicSessions", Md5("1-2022-C")).Kind);
        Assert.Equal("semester", docs.Single("academicSessions", Md5("1-2022-F")).Kind);
    }

    [Fact]
    public void load_folder_rejects_a_file_in_another_shape()
    {
        var folder = Directory.CreateTempSubdirectory("mappings-").FullName;
        try
        {
            File.WriteAllText(
                Path.Combine(folder, "TermDescriptor.json"),
                """{"values":{"Fall Semester":"semester"}}"""
            );

            var error = Assert.Throws<InvalidDataException>(() => DescriptorMappingTable.LoadFolder(folder));

            Assert.Contains("TermDescriptor.json", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }
}
