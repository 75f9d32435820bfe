using System.Globalization;
using System.Text.Json.Nodes;

namespace OneRoster.Projections.EdFiSandbox;

public static partial class DistrictGenerator
{
    private static string CourseCode(int subject, int grade) =>
        $"{Subjects[subject].Code}-{grade.ToString("00", CultureInfo.InvariantCulture)}";

    private static string CourseTitle(int subject, int grade) =>
        $"{Subjects[subject].Title} {(grade == 0 ? "K" : grade.ToString(CultureInfo.InvariantCulture))}";

    private static void AddCourses(GeneratedDistrict district, IEnumerable<int> grades)
    {
        foreach (var grade in grades)
        {
            for (var subject = 0; subject < Subjects.Length; subject++)
            {
                var code = CourseCode(subject, grade);
                district.Add(
                    "courses",
                    new JsonObject
                    {
                        ["courseCode"] = code,
                        ["courseTitle"] = CourseTitle(subject, grade),
                        ["numberOfParts"] = 1,
                        ["educationOrganizationReference"] = new JsonObject
                        {
                            ["educationOrganizationId"] = LocalEducationAgencyId,
                        },
                        ["identificationCodes"] = new JsonArray(
                            new JsonObject
                            {
                                ["courseIdentificationSystemDescriptor"] = D(
                                    "CourseIdentificationSystem",
                                    "LEA course code"
                                ),
                                ["identificationCode"] = code,
                            }
                        ),
                        ["academicSubjects"] = Items(
                            "academicSubjectDescriptor",
                            D("AcademicSubject", Subjects[subject].Subject)
                        ),
                        ["offeredGradeLevels"] = GradeLevels([grade]),
                    }
                );
            }
        }
    }

    private static void AddSchedule(
        GeneratedDistrict district,
        Random random,
        School school,
        int[] studentGrades
    )
    {
        for (var period = 1; period <= PeriodsPerDay; period++)
        {
            var start = new TimeOnly(8, 0).AddMinutes((period - 1) * 55);
            district.Add(
                "classPeriods",
                new JsonObject
                {
                    ["classPeriodName"] = PeriodName(period - 1),
                    ["schoolReference"] = SchoolRef(school.Id),
                    ["meetingTimes"] = new JsonArray(
                        new JsonObject
                        {
                            ["startTime"] = start.ToString("HH:mm:ss", CultureInfo.InvariantCulture),
                            ["endTime"] = start
                                .AddMinutes(50)
                                .ToString("HH:mm:ss", CultureInfo.InvariantCulture),
                        }
                    ),
                    ["officialAttendancePeriod"] = period == 2,
                }
            );
        }
        var rooms = 1;
        foreach (var session in Sessions)
        {
            var sessionRef = new JsonObject
            {
                ["schoolId"] = school.Id,
                ["schoolYear"] = SchoolYear,
                ["sessionName"] = session.Name,
            };
            district.Add(
                "sessions",
                new JsonObject
                {
                    ["sessionName"] = session.Name,
                    ["schoolReference"] = SchoolRef(school.Id),
                    ["schoolYearTypeReference"] = new JsonObject { ["schoolYear"] = SchoolYear },
                    ["beginDate"] = Date(session.Begin),
                    ["endDate"] = Date(session.End),
                    ["termDescriptor"] = D("Term", session.Term),
                    ["totalInstructionalDays"] = InstructionalDays(session.Begin, session.End),
                    ["gradingPeriods"] = new JsonArray(),
                    ["academicWeeks"] = new JsonArray(),
                }
            );
            var enrolled = Enroll(random, school, studentGrades);
            var sectionIndex = 0;
            foreach (var grade in school.Grades)
            {
                for (var subject = 0; subject < Subjects.Length; subject++)
                {
                    var code = CourseCode(subject, grade);
                    district.Add(
                        "courseOfferings",
                        new JsonObject
                        {
                            ["localCourseCode"] = code,
                            ["localCourseTitle"] = CourseTitle(subject, grade),
                            ["courseReference"] = new JsonObject
                            {
                                ["courseCode"] = code,
                                ["educationOrganizationId"] = LocalEducationAgencyId,
                            },
                            ["schoolReference"] = SchoolRef(school.Id),
                            ["sessionReference"] = sessionRef.DeepClone(),
                        }
                    );
                    var roster = enrolled[(grade, subject)];
                    var sectionCount = (roster.Count + ClassSize - 1) / ClassSize;
                    for (var s = 0; s < sectionCount; s++, sectionIndex++)
                    {
                        var section = AddSection(
                            district,
                            school,
                            session,
                            code,
                            subject,
                            grade,
                            s,
                            sectionIndex
                        );
                        for (var i = s; i < roster.Count; i += sectionCount)
                        {
                            district.Add(
                                "studentSectionAssociations",
                                new JsonObject
                                {
                                    ["studentReference"] = new JsonObject
                                    {
                                        ["studentUniqueId"] = StudentId(roster[i]),
                                    },
                                    ["sectionReference"] = section.DeepClone(),
                                    ["beginDate"] = Date(session.Begin),
                                    ["endDate"] = Date(session.End),
                                    ["homeroomIndicator"] = false,
                                }
                            );
                        }
                    }
                }
            }
            rooms = Math.Max(rooms, (sectionIndex + PeriodsPerDay - 1) / PeriodsPerDay);
        }
        for (var room = 0; room < rooms; room++)
        {
            district.Add(
                "locations",
                new JsonObject
                {
                    ["classroomIdentificationCode"] = RoomCode(room),
                    ["schoolReference"] = SchoolRef(school.Id),
                    ["maximumNumberOfSeats"] = 30,
                    ["optimalNumberOfSeats"] = ClassSize,
                }
            );
        }
    }

    /// <summary>
    /// Each student takes the four core subjects plus one to three electives (5-7 sections) per session.
    /// </summary>
    private static Dictionary<(int Grade, int Subject), List<int>> Enroll(
        Random random,
        School school,
        int[] grades
    )
    {
        var enrolled = new Dictionary<(int, int), List<int>>();
        foreach (var grade in school.Grades)
        {
            for (var subject = 0; subject < Subjects.Length; subject++)
            {
                enrolled[(grade, subject)] = [];
            }
        }
        var electives = Enumerable.Range(0, Subjects.Length).Where(i => !Subjects[i].Core).ToArray();
        foreach (var student in school.Students)
        {
            var picks = electives.OrderBy(_ => random.Next()).Take(random.Next(1, 4));
            foreach (
                var subject in Enumerable.Range(0, Subjects.Length).Where(i => Subjects[i].Core).Concat(picks)
            )
            {
                enrolled[(grades[student], subject)].Add(student);
            }
        }
        return enrolled;
    }

    private static JsonObject AddSection(
        GeneratedDistrict district,
        School school,
        (string Name, string Term, DateOnly Begin, DateOnly End) session,
        string code,
        int subject,
        int grade,
        int number,
        int index
    )
    {
        var identifier =
            $"{school.Id}-{code}-{session.Term[0]}-{(number + 1).ToString("00", CultureInfo.InvariantCulture)}";
        var sectionRef = new JsonObject
        {
            ["localCourseCode"] = code,
            ["schoolId"] = school.Id,
            ["schoolYear"] = SchoolYear,
            ["sectionIdentifier"] = identifier,
            ["sessionName"] = session.Name,
        };
        district.Add(
            "sections",
            new JsonObject
            {
                ["sectionIdentifier"] = identifier,
                ["sectionName"] = $"{CourseTitle(subject, grade)} ({number + 1})",
                ["courseOfferingReference"] = new JsonObject
                {
                    ["localCourseCode"] = code,
                    ["schoolId"] = school.Id,
                    ["schoolYear"] = SchoolYear,
                    ["sessionName"] = session.Name,
                },
                ["locationReference"] = new JsonObject
                {
                    ["classroomIdentificationCode"] = RoomCode(index / PeriodsPerDay),
                    ["schoolId"] = school.Id,
                },
                ["locationSchoolReference"] = SchoolRef(school.Id),
                ["classPeriods"] = new JsonArray(
                    new JsonObject
                    {
                        ["classPeriodReference"] = new JsonObject
                        {
                            ["classPeriodName"] = PeriodName(index % PeriodsPerDay),
                            ["schoolId"] = school.Id,
                        },
                    }
                ),
                ["educationalEnvironmentDescriptor"] = D("EducationalEnvironment", "Classroom"),
                ["sectionTypeDescriptor"] = D("SectionType", "Attendance and Credit"),
                ["availableCredits"] = 1.0,
                ["sequenceOfCourse"] = 1,
            }
        );
        district.Add(
            "staffSectionAssociations",
            new JsonObject
            {
                ["staffReference"] = new JsonObject
                {
                    ["staffUniqueId"] = school.Teachers[index % school.Teachers.Count],
                },
                ["sectionReference"] = sectionRef.DeepClone(),
                ["beginDate"] = Date(session.Begin),
                ["endDate"] = Date(session.End),
                ["classroomPositionDescriptor"] = D("ClassroomPosition", "Teacher of Record"),
                ["percentageContribution"] = 1.0,
            }
        );
        return sectionRef;
    }

    private static int InstructionalDays(DateOnly begin, DateOnly end)
    {
        var days = 0;
        for (var day = begin; day <= end; day = day.AddDays(1))
        {
            days += IsInstructional(day) ? 1 : 0;
        }
        return days;
    }

    private static string PeriodName(int index) =>
        $"{(index + 1).ToString("00", CultureInfo.InvariantCulture)} - Traditional";

    private static string RoomCode(int room) => (101 + room).ToString(CultureInfo.InvariantCulture);
}
