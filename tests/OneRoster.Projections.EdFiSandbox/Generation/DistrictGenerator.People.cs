using System.Globalization;
using System.Text.Json.Nodes;

namespace OneRoster.Projections.EdFiSandbox;

public static partial class DistrictGenerator
{
    private static readonly string[] FirstNames =
    [
        "Ava",
        "Liam",
        "Mia",
        "Noah",
        "Emma",
        "Mateo",
        "Sofia",
        "Elijah",
        "Aria",
        "Lucas",
        "Zoe",
        "Ethan",
        "Nora",
        "Kai",
        "Layla",
        "Omar",
        "Priya",
        "Jamal",
        "Hana",
        "Diego",
        "Grace",
        "Wei",
        "Amara",
        "Leo",
        "Isla",
        "Ravi",
        "Chloe",
        "Malik",
        "Yara",
        "Felix",
        "Lucia",
        "Tariq",
        "Naomi",
        "Hugo",
        "Elena",
        "Samir",
        "Rosa",
        "Jonah",
    ];

    private static readonly string[] LastNames =
    [
        "Garcia",
        "Smith",
        "Nguyen",
        "Johnson",
        "Patel",
        "Williams",
        "Kim",
        "Brown",
        "Lopez",
        "Jones",
        "Chen",
        "Miller",
        "Davis",
        "Martinez",
        "Wilson",
        "Anderson",
        "Okafor",
        "Taylor",
        "Thomas",
        "Hernandez",
        "Moore",
        "Khan",
        "Jackson",
        "White",
        "Sato",
        "Harris",
        "Clark",
        "Lewis",
        "Walker",
        "Young",
        "Allen",
        "King",
    ];

    private static readonly string[] Races =
    [
        "American Indian or Alaska Native",
        "Asian",
        "Black or African American",
        "Native Hawaiian or Pacific Islander",
        "White",
    ];

    private static string StudentId(int index) => (600001 + index).ToString(CultureInfo.InvariantCulture);

    private static T Pick<T>(Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];

    private static int[] AddStudents(
        GeneratedDistrict district,
        Random random,
        List<School> schools,
        int count
    )
    {
        var grades = new int[count];
        var contactNumber = 0;
        for (var i = 0; i < count; i++)
        {
            var school = schools[i % schools.Count];
            school.Students.Add(i);
            var grade = grades[i] = Pick(random, school.Grades);
            var id = StudentId(i);
            var (first, last) = (Pick(random, FirstNames), Pick(random, LastNames));
            var birth = new DateOnly(SchoolYear - 7 - grade, 1, 1).AddDays(random.Next(365));
            var student = new JsonObject
            {
                ["studentUniqueId"] = id,
                ["firstName"] = first,
                ["lastSurname"] = last,
                ["birthDate"] = Date(birth),
            };
            if (random.Next(3) == 0)
            {
                student["middleName"] = Pick(random, FirstNames);
            }
            district.Add("students", student);
            district.Add(
                "studentSchoolAssociations",
                new JsonObject
                {
                    ["studentReference"] = new JsonObject { ["studentUniqueId"] = id },
                    ["schoolReference"] = SchoolRef(school.Id),
                    ["entryDate"] = Date(Sessions[0].Begin),
                    ["entryGradeLevelDescriptor"] = D("GradeLevel", GradeNames[grade]),
                    ["schoolYearTypeReference"] = new JsonObject { ["schoolYear"] = SchoolYear },
                    ["calendarReference"] = new JsonObject
                    {
                        ["calendarCode"] = $"{school.Id}-{SchoolYear}",
                        ["schoolId"] = school.Id,
                        ["schoolYear"] = SchoolYear,
                    },
                    ["primarySchool"] = true,
                }
            );
            var sex = random.Next(100) switch
            {
                < 48 => "Female",
                < 96 => "Male",
                < 98 => "Non-binary",
                _ => "Not Selected",
            };
            district.Add(
                "studentEducationOrganizationAssociations",
                new JsonObject
                {
                    ["studentReference"] = new JsonObject { ["studentUniqueId"] = id },
                    ["educationOrganizationReference"] = new JsonObject
                    {
                        ["educationOrganizationId"] = LocalEducationAgencyId,
                    },
                    ["sexDescriptor"] = D("Sex", sex),
                    ["hispanicLatinoEthnicity"] = random.Next(4) == 0,
                    ["races"] = Items(
                        "raceDescriptor",
                        [
                            .. Races
                                .OrderBy(_ => random.Next())
                                .Take(random.Next(10) == 0 ? 2 : 1)
                                .Select(r => D("Race", r)),
                        ]
                    ),
                    ["electronicMails"] = Emails(
                        $"{first}.{last}.{id}@students.example.org",
                        "Home/Personal"
                    ),
                    ["studentIdentificationCodes"] = new JsonArray(
                        new JsonObject
                        {
                            ["studentIdentificationSystemDescriptor"] = D(
                                "StudentIdentificationSystem",
                                "District"
                            ),
                            ["assigningOrganizationIdentificationCode"] = LocalEducationAgencyId.ToString(
                                CultureInfo.InvariantCulture
                            ),
                            ["identificationCode"] = "G-" + id,
                        }
                    ),
                }
            );
            var contacts = random.Next(1, 3);
            for (var c = 0; c < contacts; c++)
            {
                AddContact(district, random, id, last, ++contactNumber, c);
            }
        }
        return grades;
    }

    private static void AddContact(
        GeneratedDistrict district,
        Random random,
        string studentId,
        string lastName,
        int number,
        int priority
    )
    {
        var contactId = "C" + number.ToString("000000", CultureInfo.InvariantCulture);
        var relation = priority == 0 ? "Mother" : Pick(random, new[] { "Father", "Guardian", "Grandmother" });
        var first = Pick(random, FirstNames);
        district.Add(
            "contacts",
            new JsonObject
            {
                ["contactUniqueId"] = contactId,
                ["firstName"] = first,
                ["lastSurname"] = lastName,
                ["sexDescriptor"] = D("Sex", relation is "Mother" or "Grandmother" ? "Female" : "Male"),
                ["electronicMails"] = Emails(
                    $"{first}.{lastName}.{contactId}@home.example.org",
                    "Home/Personal"
                ),
                ["telephones"] = new JsonArray(
                    new JsonObject
                    {
                        ["telephoneNumber"] =
                            $"555-{random.Next(10000).ToString("0000", CultureInfo.InvariantCulture)}",
                        ["telephoneNumberTypeDescriptor"] = D("TelephoneNumberType", "Mobile"),
                    }
                ),
            }
        );
        district.Add(
            "studentContactAssociations",
            new JsonObject
            {
                ["contactReference"] = new JsonObject { ["contactUniqueId"] = contactId },
                ["studentReference"] = new JsonObject { ["studentUniqueId"] = studentId },
                ["relationDescriptor"] = D("Relation", relation),
                ["primaryContactStatus"] = priority == 0,
                ["livesWith"] = true,
                ["emergencyContactStatus"] = true,
                ["contactPriority"] = priority + 1,
            }
        );
    }

    /// <summary>
    /// Teachers are spread over the schools round-robin; each school also gets a principal.
    /// </summary>
    private static void AddStaff(
        GeneratedDistrict district,
        Random random,
        List<School> schools,
        int teachers
    )
    {
        var number = 0;
        for (var t = 0; t < teachers + schools.Count; t++)
        {
            var isPrincipal = t >= teachers;
            var school = schools[isPrincipal ? t - teachers : t % schools.Count];
            var id = (200001 + number++).ToString(CultureInfo.InvariantCulture);
            var (first, last) = (Pick(random, FirstNames), Pick(random, LastNames));
            if (!isPrincipal)
            {
                school.Teachers.Add(id);
            }
            district.Add(
                "staffs",
                new JsonObject
                {
                    ["staffUniqueId"] = id,
                    ["firstName"] = first,
                    ["lastSurname"] = last,
                    ["sexDescriptor"] = D("Sex", random.Next(2) == 0 ? "Female" : "Male"),
                    ["birthDate"] = Date(
                        new DateOnly(1960 + random.Next(40), 1, 1).AddDays(random.Next(365))
                    ),
                    ["hispanicLatinoEthnicity"] = random.Next(5) == 0,
                    ["loginId"] = $"{first[0]}{last}{id}".ToLowerInvariant(),
                    ["electronicMails"] = Emails($"{first}.{last}.{id}@staff.example.org", "Work"),
                    ["identificationCodes"] = new JsonArray(
                        new JsonObject
                        {
                            ["staffIdentificationSystemDescriptor"] = D("StaffIdentificationSystem", "State"),
                            ["assigningOrganizationIdentificationCode"] = StateEducationAgencyId.ToString(
                                CultureInfo.InvariantCulture
                            ),
                            ["identificationCode"] = id,
                        }
                    ),
                    ["races"] = Items("raceDescriptor", D("Race", Pick(random, Races))),
                }
            );
            district.Add(
                "staffSchoolAssociations",
                new JsonObject
                {
                    ["staffReference"] = new JsonObject { ["staffUniqueId"] = id },
                    ["schoolReference"] = SchoolRef(school.Id),
                    ["programAssignmentDescriptor"] = D("ProgramAssignment", "Regular Education"),
                    ["schoolYearTypeReference"] = new JsonObject { ["schoolYear"] = SchoolYear },
                    ["gradeLevels"] = GradeLevels(school.Grades),
                }
            );
            var role = isPrincipal ? "Principal" : "Teacher";
            district.Add(
                "staffEducationOrganizationAssignmentAssociations",
                new JsonObject
                {
                    ["staffReference"] = new JsonObject { ["staffUniqueId"] = id },
                    ["educationOrganizationReference"] = new JsonObject
                    {
                        ["educationOrganizationId"] = school.Id,
                    },
                    ["staffClassificationDescriptor"] = D("StaffClassification", role),
                    ["beginDate"] = Date(new DateOnly(2010 + random.Next(14), 8, 1)),
                    ["positionTitle"] = role,
                }
            );
        }
    }

    private static JsonArray Emails(string address, string type) =>
        new(
            new JsonObject
            {
                ["electronicMailAddress"] = address.ToLowerInvariant(),
                ["electronicMailTypeDescriptor"] = D("ElectronicMailType", type),
                ["primaryEmailAddressIndicator"] = true,
                ["doNotPublishIndicator"] = false,
            }
        );
}
