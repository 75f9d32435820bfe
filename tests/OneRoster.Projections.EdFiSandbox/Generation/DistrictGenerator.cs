using System.Globalization;
using System.Text.Json.Nodes;

namespace OneRoster.Projections.EdFiSandbox;

/// <summary>
/// Generates a synthetic district in Ed-Fi DS 5.2 API shapes, deterministically from a seed: one SEA and LEA,
/// about one school per 800 students (at least 2), a school year with Fall and Spring sessions, calendars,
/// LEA-owned courses, offerings, sections, rosters, staff, contacts and the default descriptor mappings.
/// </summary>
public static partial class DistrictGenerator
{
    public const long StateEducationAgencyId = 99;
    public const long LocalEducationAgencyId = 990001;
    public const int SchoolYear = 2025;
    private const int ClassSize = 25;
    private const int PeriodsPerDay = 8;

    private static readonly string[] GradeNames =
    [
        "Kindergarten",
        "First grade",
        "Second grade",
        "Third grade",
        "Fourth grade",
        "Fifth grade",
        "Sixth grade",
        "Seventh grade",
        "Eighth grade",
        "Ninth grade",
        "Tenth grade",
        "Eleventh grade",
        "Twelfth grade",
    ];

    private static readonly (string Code, string Title, string Subject, bool Core)[] Subjects =
    [
        ("ELA", "English Language Arts", "English Language Arts", true),
        ("MATH", "Mathematics", "Mathematics", true),
        ("SCI", "Science", "Science", true),
        ("SOC", "Social Studies", "Social Studies", true),
        ("ART", "Art", "Fine and Performing Art", false),
        ("MUS", "Music", "Fine and Performing Art", false),
        ("PE", "Physical Education", "Physical, Health, and Safety Education", false),
        ("SPAN", "Spanish", "Foreign Language and Literature", false),
        ("CS", "Computer Science", "Computer and Information Sciences", false),
    ];

    private static readonly (string Name, string Term, DateOnly Begin, DateOnly End)[] Sessions =
    [
        ("2024-2025 Fall Semester", "Fall Semester", new(2024, 8, 19), new(2024, 12, 20)),
        ("2024-2025 Spring Semester", "Spring Semester", new(2025, 1, 6), new(2025, 5, 30)),
    ];

    private static readonly HashSet<DateOnly> Holidays =
    [
        new(2024, 9, 2),
        new(2024, 11, 27),
        new(2024, 11, 28),
        new(2024, 11, 29),
        new(2025, 1, 20),
        new(2025, 2, 17),
        new(2025, 3, 17),
        new(2025, 3, 18),
        new(2025, 3, 19),
        new(2025, 3, 20),
        new(2025, 3, 21),
    ];

    private sealed record School(
        long Id,
        string Name,
        int[] Grades,
        List<int> Students,
        List<string> Teachers
    );

    public static GeneratedDistrict Generate(int students, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(students);
        var random = new Random(seed);
        var district = new GeneratedDistrict();
        foreach (var mapping in DescriptorMappingDefaults.Items())
        {
            district.Add("descriptorMappings", mapping);
        }
        district.Add(
            "schoolYearTypes",
            new JsonObject
            {
                ["schoolYear"] = SchoolYear,
                ["currentSchoolYear"] = true,
                ["schoolYearDescription"] = "2024-2025",
            }
        );
        var schools = AddOrganizations(district, Math.Max(2, (int)Math.Round(students / 800.0)));
        var studentGrades = AddStudents(district, random, schools, students);
        AddStaff(district, random, schools, Math.Max(schools.Count, (int)Math.Round(students / 15.0)));
        AddCourses(district, schools.SelectMany(s => s.Grades).Distinct().Order());
        foreach (var school in schools)
        {
            AddCalendar(district, school);
            AddSchedule(district, random, school, studentGrades);
        }
        return district;
    }

    private static List<School> AddOrganizations(GeneratedDistrict district, int count)
    {
        district.Add(
            "stateEducationAgencies",
            new JsonObject
            {
                ["stateEducationAgencyId"] = StateEducationAgencyId,
                ["nameOfInstitution"] = "Sandbox State Department of Education",
                ["categories"] = Items(
                    "educationOrganizationCategoryDescriptor",
                    D("EducationOrganizationCategory", "State Education Agency")
                ),
            }
        );
        district.Add(
            "localEducationAgencies",
            new JsonObject
            {
                ["localEducationAgencyId"] = LocalEducationAgencyId,
                ["nameOfInstitution"] = "Sandbox Unified School District",
                ["shortNameOfInstitution"] = "SUSD",
                ["localEducationAgencyCategoryDescriptor"] = D("LocalEducationAgencyCategory", "Independent"),
                ["categories"] = Items(
                    "educationOrganizationCategoryDescriptor",
                    D("EducationOrganizationCategory", "Local Education Agency")
                ),
                ["stateEducationAgencyReference"] = new JsonObject
                {
                    ["stateEducationAgencyId"] = StateEducationAgencyId,
                },
            }
        );
        var kinds = new (string Name, int[] Grades)[]
        {
            ("High School", [9, 10, 11, 12]),
            ("Middle School", [6, 7, 8]),
            ("Elementary School", [0, 1, 2, 3, 4, 5]),
        };
        var schools = new List<School>();
        for (var i = 0; i < count; i++)
        {
            var kind = kinds[i % kinds.Length];
            var school = new School(
                LocalEducationAgencyId * 1000 + i + 1,
                $"Sandbox {kind.Name} {i / kinds.Length + 1}",
                kind.Grades,
                [],
                []
            );
            schools.Add(school);
            district.Add(
                "schools",
                new JsonObject
                {
                    ["schoolId"] = school.Id,
                    ["nameOfInstitution"] = school.Name,
                    ["shortNameOfInstitution"] = "S" + (i + 1).ToString("00", CultureInfo.InvariantCulture),
                    ["localEducationAgencyReference"] = new JsonObject
                    {
                        ["localEducationAgencyId"] = LocalEducationAgencyId,
                    },
                    ["educationOrganizationCategories"] = Items(
                        "educationOrganizationCategoryDescriptor",
                        D("EducationOrganizationCategory", "School")
                    ),
                    ["gradeLevels"] = GradeLevels(school.Grades),
                    ["schoolTypeDescriptor"] = D("SchoolType", "Regular"),
                    ["identificationCodes"] = new JsonArray(
                        new JsonObject
                        {
                            ["educationOrganizationIdentificationSystemDescriptor"] = D(
                                "EducationOrganizationIdentificationSystem",
                                "SEA"
                            ),
                            ["identificationCode"] = school.Id.ToString(CultureInfo.InvariantCulture),
                        }
                    ),
                }
            );
        }
        return schools;
    }

    private static void AddCalendar(GeneratedDistrict district, School school)
    {
        var code = $"{school.Id}-{SchoolYear}";
        district.Add(
            "calendars",
            new JsonObject
            {
                ["calendarCode"] = code,
                ["schoolReference"] = SchoolRef(school.Id),
                ["schoolYearTypeReference"] = new JsonObject { ["schoolYear"] = SchoolYear },
                ["calendarTypeDescriptor"] = D("CalendarType", "Student Specific"),
                ["gradeLevels"] = GradeLevels(school.Grades),
            }
        );
        for (var day = Sessions[0].Begin; day <= Sessions[^1].End; day = day.AddDays(1))
        {
            if (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
            {
                continue;
            }
            district.Add(
                "calendarDates",
                new JsonObject
                {
                    ["date"] = Date(day),
                    ["calendarReference"] = new JsonObject
                    {
                        ["calendarCode"] = code,
                        ["schoolId"] = school.Id,
                        ["schoolYear"] = SchoolYear,
                    },
                    ["calendarEvents"] = Items(
                        "calendarEventDescriptor",
                        D("CalendarEvent", IsInstructional(day) ? "Instructional day" : "Holiday")
                    ),
                }
            );
        }
    }

    private static bool IsInstructional(DateOnly day) =>
        day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)
        && !Holidays.Contains(day)
        && Sessions.Any(s => day >= s.Begin && day <= s.End);

    private static string D(string type, string value) => $"uri://ed-fi.org/{type}Descriptor#{value}";

    private static string Date(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static JsonObject SchoolRef(long schoolId) => new() { ["schoolId"] = schoolId };

    private static JsonArray Items(string member, params string[] values) =>
        new([.. values.Select(v => (JsonNode)new JsonObject { [member] = v })]);

    private static JsonArray GradeLevels(IEnumerable<int> grades) =>
        Items("gradeLevelDescriptor", [.. grades.Select(g => D("GradeLevel", GradeNames[g]))]);
}
