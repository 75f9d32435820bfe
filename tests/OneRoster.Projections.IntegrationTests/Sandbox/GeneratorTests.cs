using System.Text.Json.Nodes;
using OneRoster.Projections.EdFiSandbox;
using Xunit;

namespace OneRoster.Projections.IntegrationTests.Sandbox;

public sealed class GeneratorTests
{
    private static string Serialized(GeneratedDistrict district) =>
        string.Join(
            '\n',
            district
                .Resources.OrderBy(r => r.Key, StringComparer.Ordinal)
                .Select(r => r.Key + ":" + string.Join(',', r.Value.Select(i => i.ToJsonString())))
        );

    private static string Text(JsonNode? node, params string[] path) =>
        path.Aggregate(node, (n, p) => n![p])!.GetValue<string>();

    [Fact]
    public void the_same_seed_gives_the_same_district_and_another_seed_a_different_one()
    {
        var first = Serialized(DistrictGenerator.Generate(300, 42));

        Assert.Equal(first, Serialized(DistrictGenerator.Generate(300, 42)));
        Assert.NotEqual(first, Serialized(DistrictGenerator.Generate(300, 43)));
    }

    [Theory]
    [InlineData(10, 2)]
    [InlineData(2400, 3)]
    [InlineData(4000, 5)]
    public void it_makes_the_requested_students_with_one_enrollment_each_and_a_school_per_800_but_at_least_two(
        int students,
        int schools
    )
    {
        var district = DistrictGenerator.Generate(students, 1);

        Assert.Equal(students, district.Count("students"));
        Assert.Equal(students, district.Count("studentSchoolAssociations"));
        Assert.Equal(students, district.Count("studentEducationOrganizationAssociations"));
        Assert.Equal(schools, district.Count("schools"));
        Assert.Equal(2 * schools, district.Count("sessions"));
    }

    [Fact]
    public void every_student_takes_five_to_seven_sections_in_each_session()
    {
        var district = DistrictGenerator.Generate(500, 3);

        var perStudentSession = district
            .Resources["studentSectionAssociations"]
            .GroupBy(a =>
                (Text(a, "studentReference", "studentUniqueId"), Text(a, "sectionReference", "sessionName"))
            )
            .Select(g => g.Count())
            .ToList();

        Assert.Equal(500 * 2, perStudentSession.Count);
        Assert.All(perStudentSession, count => Assert.InRange(count, 5, 7));
    }

    [Fact]
    public void there_is_a_teacher_per_15_students_and_a_principal_per_school()
    {
        var district = DistrictGenerator.Generate(1500, 5);
        var roles = district
            .Resources["staffEducationOrganizationAssignmentAssociations"]
            .GroupBy(a => Text(a, "staffClassificationDescriptor"))
            .ToDictionary(g => g.Key, g => g.Count());

        Assert.Equal(100, roles["uri://ed-fi.org/StaffClassificationDescriptor#Teacher"]);
        Assert.Equal(2, roles["uri://ed-fi.org/StaffClassificationDescriptor#Principal"]);
        Assert.Equal(102, district.Count("staffs"));
    }

    [Fact]
    public void every_section_has_one_teacher_of_record_and_points_at_an_existing_offering_location_and_period()
    {
        var district = DistrictGenerator.Generate(900, 9);
        var offerings = district
            .Resources["courseOfferings"]
            .Select(o => (Text(o, "localCourseCode"), Text(o, "sessionReference", "sessionName")))
            .ToHashSet();
        var rooms = district
            .Resources["locations"]
            .Select(l => Text(l, "classroomIdentificationCode"))
            .ToHashSet();
        var periods = district.Resources["classPeriods"].Select(p => Text(p, "classPeriodName")).ToHashSet();
        var teachers = district
            .Resources["staffSectionAssociations"]
            .GroupBy(a => Text(a, "sectionReference", "sectionIdentifier"))
            .ToDictionary(g => g.Key, g => g.Count());

        Assert.All(district.Resources["sections"], section =>
        {
            Assert.Contains(
                (
                    Text(section, "courseOfferingReference", "localCourseCode"),
                    Text(section, "courseOfferingReference", "sessionName")
                ),
                offerings
            );
            Assert.Contains(Text(section, "locationReference", "classroomIdentificationCode"), rooms);
            Assert.Contains(
                Text(section["classPeriods"]![0], "classPeriodReference", "classPeriodName"),
                periods
            );
            Assert.Equal(1, teachers[Text(section, "sectionIdentifier")]);
        });
    }

    [Fact]
    public void students_have_one_or_two_contacts()
    {
        var district = DistrictGenerator.Generate(400, 11);

        var perStudent = district
            .Resources["studentContactAssociations"]
            .GroupBy(a => Text(a, "studentReference", "studentUniqueId"))
            .Select(g => g.Count())
            .ToList();

        Assert.Equal(400, perStudent.Count);
        Assert.All(perStudent, c => Assert.InRange(c, 1, 2));
        Assert.Equal(district.Count("studentContactAssociations"), district.Count("contacts"));
    }

    [Fact]
    public void the_descriptor_mappings_are_the_grand_bend_defaults()
    {
        static string Row(JsonNode? m) =>
            $"{Text(m, "namespace")}#{Text(m, "value")}->{Text(m, "mappedNamespace")}#{Text(m, "mappedValue")}";
        var expected = File.ReadLines(Path.Combine(GrandBend.Folder(), "descriptorMappings.jsonl"))
            .Select(l => Row(JsonNode.Parse(l)))
            .Order(StringComparer.Ordinal);

        var generated = DistrictGenerator
            .Generate(10, 1)
            .Resources["descriptorMappings"]
            .Select(Row)
            .Order(StringComparer.Ordinal);

        Assert.Equal(expected, generated);
    }

    [Fact]
    public async Task a_generated_district_written_as_json_lines_loads_back_with_the_same_counts()
    {
        var district = DistrictGenerator.Generate(250, 13);
        var folder = Directory.CreateTempSubdirectory("sandbox-gen-").FullName;
        try
        {
            district.WriteJsonLines(folder);
            await using var sandbox = await RunningSandbox.StartAsync(
                new SandboxOptions { DataFolder = folder }
            );

            foreach (var (resource, items) in district.Resources)
            {
                Assert.Equal(items.Count, await sandbox.TotalCountAsync(resource));
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
