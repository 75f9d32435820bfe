using System.Globalization;
using System.Text.Json.Nodes;
using OneRoster.Projections.EdFiSandbox;

namespace OneRoster.Projections.IntegrationTests.Convergence;

public sealed partial class ChangeStream
{
    private static readonly string[] Names =
    [
        "Ada",
        "Bo",
        "Cyd",
        "Dee",
        "Eli",
        "Fay",
        "Gus",
        "Hal",
        "Ivy",
        "Jun",
    ];
    private static readonly string[] RaceValues =
    [
        "American Indian or Alaska Native",
        "Asian",
        "Black or African American",
        "Native Hawaiian or Pacific Islander",
        "White",
        "Other",
        "Choose Not to Respond",
    ];
    private static readonly string[] SexValues = ["Female", "Male", "Non-binary", "Not Selected", "Unknown"];
    private static readonly string[] GradeValues =
    [
        "Kindergarten",
        "Sixth grade",
        "Seventh grade",
        "Eighth grade",
        "Ninth grade",
        "Tenth grade",
        "Twelfth grade",
        "Ungraded",
    ];
    private static readonly string[] PositionValues =
    [
        "Teacher of Record",
        "Assistant Teacher",
        "Substitute Teacher",
        "Support Teacher",
        "Intern",
    ];
    private static readonly string[] TermValues =
    [
        "Fall Semester",
        "Spring Semester",
        "Quarter",
        "First Trimester",
        "Year Round",
        "MiniTerm",
        "Summer School",
    ];
    private static readonly string[] EventValues =
    [
        "Instructional day",
        "Holiday",
        "Make-up day",
        "Teacher only day",
        "Weather day",
        "Early release",
    ];
    private static readonly string[] ClassificationValues =
    [
        "Teacher",
        "Principal",
        "School Counselor",
        "Instructional Aide",
        "Librarian/Media Specialist",
        "School Administrator",
        "LEA Administrator",
        "Substitute Teacher",
    ];
    private static readonly string[] EmailTypes = ["Home/Personal", "Work", "Organization", "Other"];
    private static readonly string[] ProgramValues =
    [
        "Regular Education",
        "Special Education",
        "Title I-Academic",
    ];

    /// <summary>Descriptor types with values to remap and the OneRoster values they may map to.</summary>
    private static readonly (string Type, string[] Values, string[] Targets)[] MappingTypes =
    [
        ("TermDescriptor", TermValues, ["semester", "term", "gradingPeriod", "schoolYear"]),
        ("CalendarEventDescriptor", EventValues, ["TRUE", "FALSE"]),
        ("ClassroomPositionDescriptor", PositionValues, ["TRUE", "FALSE"]),
        (
            "RaceDescriptor",
            RaceValues,
            ["americanIndianOrAlaskaNative", "asian", "blackOrAfricanAmerican", "white"]
        ),
        ("SexDescriptor", SexValues, ["male", "female", "other", "unspecified"]),
        (
            "StaffClassificationDescriptor",
            ClassificationValues,
            ["teacher", "aide", "counselor", "principal", "siteAdministrator", "districtAdministrator"]
        ),
    ];

    private const long SecondLea = 990002;

    private (string, int, Func<bool>)[] Operations() =>
        [
            // People and what the mapping reads of them.
            ("students: names, birth, sex", 8, () => Update("students", ChangeStudent)),
            ("SEOA: races, ethnicity, sex, e-mails, ids", 8, () =>
                Update("studentEducationOrganizationAssociations", ChangeSeoa)
            ),
            ("SEOA: create at a school", 2, CreateSchoolSeoa),
            ("staffs: names, e-mails, ids", 5, () => Update("staffs", ChangeStaff)),
            ("contacts: names, e-mails", 5, () => Update("contacts", ChangeContact)),
            ("students: create with enrollment", 2, CreateStudent),
            // Enrollment at schools.
            ("SSA: grade, primary, exit", 6, () => Update("studentSchoolAssociations", ChangeSsa)),
            ("SSA: key change (entryDate, school)", 4, ChangeSsaKey),
            ("SSA: create at another school", 3, CreateSsa),
            ("SSA: delete", 2, () => DeleteAny("studentSchoolAssociations")),
            // Rosters.
            ("studentSection: dates", 3, () => Update("studentSectionAssociations", ChangeEndDate)),
            ("studentSection: key change (beginDate)", 3, () =>
                ChangeKey("studentSectionAssociations", b => b["beginDate"] = ShiftDate(b["beginDate"], 20))
            ),
            ("studentSection: create", 3, () =>
                CreateSectionAssociation(
                    "studentSectionAssociations",
                    "studentReference",
                    "studentUniqueId",
                    AnyStudentId()
                )
            ),
            ("studentSection: delete", 2, () => DeleteAny("studentSectionAssociations")),
            ("staffSection: classroom position, dates", 4, () =>
                Update("staffSectionAssociations", ChangeStaffSection)
            ),
            ("staffSection: create", 3, () =>
                CreateSectionAssociation(
                    "staffSectionAssociations",
                    "staffReference",
                    "staffUniqueId",
                    AnyStaffId()
                )
            ),
            ("staffSection: delete", 2, () => DeleteAny("staffSectionAssociations")),
            // Classes and their parts.
            ("sections: name, room, periods", 4, () => Update("sections", ChangeSection)),
            ("sections: key change (identifier)", 3, () =>
                ChangeKey("sections", b =>
                    b["sectionIdentifier"] = (string?)b["sectionIdentifier"] + "-K" + Next()
                )
            ),
            ("sections: create with roster", 2, CreateSection),
            ("sections: delete", 1, () => DeleteAny("sections")),
            ("classPeriods: key change (name)", 1, () =>
                ChangeKey("classPeriods", b => b["classPeriodName"] = "P" + Next())
            ),
            ("locations: key change (room)", 1, () =>
                ChangeKey("locations", b => b["classroomIdentificationCode"] = "R" + Next())
            ),
            ("sessions: dates, term", 3, () => Update("sessions", ChangeSession)),
            ("sessions: key change (name)", 2, () =>
                ChangeKey("sessions", b => b["sessionName"] = (string?)b["sessionName"] + " " + Next())
            ),
            ("calendarDates: events", 5, () => Update("calendarDates", ChangeCalendarEvents)),
            ("calendarDates: create", 2, CreateCalendarDate),
            ("calendarDates: delete", 2, () => DeleteAny("calendarDates")),
            ("courseOfferings: title", 2, () => Update("courseOfferings", ChangeOfferingTitle)),
            ("courseOfferings: course code", 3, ChangeOfferingCourse),
            ("courseOfferings: create", 1, CreateOffering),
            ("courseOfferings: delete", 1, () => DeleteAny("courseOfferings")),
            ("courses: title", 2, () => Update("courses", b => Set(b, "courseTitle", "Course " + Next()))),
            ("courses: create", 1, CreateCourse),
            ("courses: delete", 1, () => DeleteAny("courses")),
            // Organizations.
            ("schools: name", 1, () =>
                Update("schools", b => Set(b, "nameOfInstitution", "School " + Next()))
            ),
            ("schools: move to another LEA", 2, MoveSchool),
            ("localEducationAgencies: name, SEA", 1, () => Update("localEducationAgencies", ChangeLea)),
            // Staff at schools.
            ("staffSchool: create", 2, CreateStaffSchool),
            ("staffSchool: delete", 1, () => DeleteAny("staffSchoolAssociations")),
            ("assignments: create", 2, CreateAssignment),
            ("assignments: title, end", 1, () =>
                Update("staffEducationOrganizationAssignmentAssociations", ChangeAssignment)
            ),
            ("assignments: delete", 1, () => DeleteAny("staffEducationOrganizationAssignmentAssociations")),
            ("staffContacts: create", 2, CreateStaffContact),
            ("staffContacts: delete", 1, () => DeleteAny("staffEducationOrganizationContactAssociations")),
            ("studentContacts: create", 3, CreateStudentContact),
            ("studentContacts: delete", 2, () => DeleteAny("studentContactAssociations")),
            // Mappings, deletes, re-creations.
            ("descriptorMappings: remap", 2, Remap),
            ("delete and re-create (new id)", 5, Recreate),
            ("re-create a deleted record later", 2, RecreateDeferred),
            ("delete a person", 1, () => DeleteAny(Pick(new[] { "students", "staffs", "contacts" }))),
        ];

    private static bool Set(JsonObject body, string name, JsonNode? value)
    {
        body[name] = value;
        return true;
    }

    private bool SetOrRemove(JsonObject body, string name, Func<JsonNode?> value)
    {
        if (Chance(25))
        {
            return body.Remove(name) || true;
        }
        body[name] = value();
        return true;
    }

    private JsonArray Emails(string local, int max)
    {
        var emails = new JsonArray();
        for (var i = random.Next(max + 1); i > 0; i--)
        {
            var email = new JsonObject
            {
                ["electronicMailAddress"] = $"{local}.{Next()}@example.org",
                ["electronicMailTypeDescriptor"] = D("ElectronicMailType", Pick(EmailTypes)),
                ["doNotPublishIndicator"] = Chance(20),
            };
            if (!Chance(20))
            {
                email["primaryEmailAddressIndicator"] = Chance(70);
            }
            emails.Add(email);
        }
        return emails;
    }

    private bool ChangeStudent(JsonObject b) =>
        random.Next(7) switch
        {
            0 => Set(b, "firstName", Pick(Names) + Next()),
            1 => Set(b, "lastSurname", Pick(Names) + "son"),
            2 => SetOrRemove(b, "middleName", () => Pick(Names)),
            3 => SetOrRemove(b, "preferredFirstName", () => Pick(Names)),
            4 => SetOrRemove(b, "preferredLastSurname", () => Pick(Names) + "s"),
            5 => Set(b, "birthDate", ShiftDate(b["birthDate"], 400)),
            _ => SetOrRemove(b, "birthSexDescriptor", () => D("Sex", Pick(SexValues))),
        };

    private bool ChangeSeoa(JsonObject b) =>
        random.Next(5) switch
        {
            0 => Set(
                b,
                "races",
                Items("raceDescriptor", RaceValues.Where(_ => Chance(30)).Select(r => D("Race", r)))
            ),
            1 => SetOrRemove(b, "hispanicLatinoEthnicity", () => Chance(50)),
            2 => SetOrRemove(b, "sexDescriptor", () => D("Sex", Pick(SexValues))),
            3 => Set(b, "electronicMails", Emails("student", 2)),
            _ => Set(
                b,
                "studentIdentificationCodes",
                new JsonArray([
                    .. Enumerable
                        .Range(0, random.Next(3))
                        .Select(i =>
                            (JsonNode)
                                new JsonObject
                                {
                                    ["studentIdentificationSystemDescriptor"] = D(
                                        "StudentIdentificationSystem",
                                        i == 0 ? "District" : "State"
                                    ),
                                    ["assigningOrganizationIdentificationCode"] = "99",
                                    ["identificationCode"] = "ID-" + Next(),
                                }
                        ),
                ])
            ),
        };

    private bool ChangeStaff(JsonObject b) =>
        random.Next(4) switch
        {
            0 => Set(b, "firstName", Pick(Names) + Next()),
            1 => SetOrRemove(b, "middleName", () => Pick(Names)),
            2 => Set(b, "electronicMails", Emails("staff", 2)),
            _ => Set(
                b,
                "identificationCodes",
                new JsonArray([
                    .. Enumerable
                        .Range(0, random.Next(3))
                        .Select(i =>
                            (JsonNode)
                                new JsonObject
                                {
                                    ["staffIdentificationSystemDescriptor"] = D(
                                        "StaffIdentificationSystem",
                                        i == 0 ? "State" : "District"
                                    ),
                                    ["identificationCode"] = "S-" + Next(),
                                }
                        ),
                ])
            ),
        };

    private bool ChangeContact(JsonObject b) =>
        random.Next(3) switch
        {
            0 => Set(b, "firstName", Pick(Names) + Next()),
            1 => SetOrRemove(b, "preferredFirstName", () => Pick(Names)),
            _ => Set(b, "electronicMails", Emails("contact", 3)),
        };

    private bool ChangeSsa(JsonObject b) =>
        random.Next(3) switch
        {
            0 => Set(b, "entryGradeLevelDescriptor", D("GradeLevel", Pick(GradeValues))),
            1 => SetOrRemove(b, "primarySchool", () => Chance(50)),
            _ => SetOrRemove(b, "exitWithdrawDate", () => ShiftDate(b["entryDate"], 200)),
        };

    private bool ChangeSsaKey()
    {
        if (Choose("studentSchoolAssociations") is not (var id, var body))
        {
            return false;
        }
        if (Chance(60) || AnySchoolId() is not { } school)
        {
            body["entryDate"] = ShiftDate(body["entryDate"], 30);
        }
        else
        {
            body["schoolReference"] = Ref("schoolId", school);
        }
        return Put("studentSchoolAssociations", id, body);
    }

    private bool CreateSsa()
    {
        if (AnyStudentId() is not { } student || AnySchoolId() is not { } school)
        {
            return false;
        }
        return Post(
            "studentSchoolAssociations",
            new JsonObject
            {
                ["studentReference"] = Ref("studentUniqueId", student),
                ["schoolReference"] = Ref("schoolId", school),
                ["entryDate"] = Date(new DateOnly(2024, 8, 1).AddDays(random.Next(200))),
                ["entryGradeLevelDescriptor"] = D("GradeLevel", Pick(GradeValues)),
                ["primarySchool"] = Chance(30),
            }
        );
    }

    private bool CreateSchoolSeoa()
    {
        if (AnyStudentId() is not { } student || AnySchoolId() is not { } school)
        {
            return false;
        }
        var seoa = new JsonObject
        {
            ["studentReference"] = Ref("studentUniqueId", student),
            ["educationOrganizationReference"] = Ref("educationOrganizationId", school),
            ["races"] = Items("raceDescriptor", [D("Race", Pick(RaceValues))]),
            ["electronicMails"] = Emails("school", 1),
        };
        ChangeSeoa(seoa);
        return Post("studentEducationOrganizationAssociations", seoa);
    }

    private bool CreateStudent()
    {
        if (AnySchoolId() is not { } school)
        {
            return false;
        }
        var id = "7" + Next().PadLeft(5, '0');
        var student = new JsonObject
        {
            ["studentUniqueId"] = id,
            ["firstName"] = Pick(Names),
            ["lastSurname"] = Pick(Names) + "ez",
            ["birthDate"] = Date(new DateOnly(2010, 1, 1).AddDays(random.Next(3000))),
        };
        var created = Post("students", student);
        CreateSsaFor(id, school);
        var seoa = new JsonObject
        {
            ["studentReference"] = Ref("studentUniqueId", id),
            ["educationOrganizationReference"] = Ref(
                "educationOrganizationId",
                DistrictGenerator.LocalEducationAgencyId
            ),
        };
        ChangeSeoa(seoa);
        Post("studentEducationOrganizationAssociations", seoa);
        if (Choose("contacts") is (_, var contact))
        {
            LinkContact(contact["contactUniqueId"], id);
        }
        return created;
    }

    private void CreateSsaFor(JsonNode? student, JsonNode? school) =>
        Post(
            "studentSchoolAssociations",
            new JsonObject
            {
                ["studentReference"] = Ref("studentUniqueId", student),
                ["schoolReference"] = Ref("schoolId", school),
                ["entryDate"] = "2024-08-19",
                ["entryGradeLevelDescriptor"] = D("GradeLevel", Pick(GradeValues)),
                ["primarySchool"] = true,
            }
        );

    private bool ChangeEndDate(JsonObject b) =>
        SetOrRemove(b, "endDate", () => ShiftDate(b["beginDate"], 150));

    private bool ChangeStaffSection(JsonObject b) =>
        Chance(70)
            ? SetOrRemove(b, "classroomPositionDescriptor", () =>
                D("ClassroomPosition", Pick(PositionValues))
            )
            : ChangeEndDate(b);

    /// <summary>A student or staff member joins a random section, beginning on a random day.</summary>
    private bool CreateSectionAssociation(string resource, string reference, string member, JsonNode? person)
    {
        if (person is null || Choose("sections") is not (_, var section))
        {
            return false;
        }
        var association = new JsonObject
        {
            [reference] = Ref(member, person),
            ["sectionReference"] = SectionReference(section),
            ["beginDate"] = Date(new DateOnly(2024, 8, 19).AddDays(random.Next(120))),
        };
        if (resource == "staffSectionAssociations")
        {
            association["classroomPositionDescriptor"] = D("ClassroomPosition", Pick(PositionValues));
        }
        return Post(resource, association);
    }

    private bool ChangeSection(JsonObject b)
    {
        var school = b["courseOfferingReference"]?["schoolId"];
        return random.Next(3) switch
        {
            0 => SetOrRemove(b, "sectionName", () => "Section " + Next()),
            1 => SetOrRemove(b, "locationReference", () =>
                new JsonObject
                {
                    ["classroomIdentificationCode"] = (101 + random.Next(6)).ToString(
                        CultureInfo.InvariantCulture
                    ),
                    ["schoolId"] = school?.DeepClone(),
                }
            ),
            _ => Set(
                b,
                "classPeriods",
                new JsonArray([
                    .. Enumerable
                        .Range(1, 8)
                        .Where(_ => Chance(25))
                        .Select(p =>
                            (JsonNode)
                                new JsonObject
                                {
                                    ["classPeriodReference"] = new JsonObject
                                    {
                                        ["classPeriodName"] = $"0{p} - Traditional",
                                        ["schoolId"] = school?.DeepClone(),
                                    },
                                }
                        ),
                ])
            ),
        };
    }

    /// <summary>A new section of a random offering, with a teacher and a few students.</summary>
    private bool CreateSection()
    {
        if (Choose("courseOfferings") is not (_, var offering))
        {
            return false;
        }
        var section = new JsonObject
        {
            ["sectionIdentifier"] = "NEW-" + Next(),
            ["courseOfferingReference"] = new JsonObject
            {
                ["localCourseCode"] = offering["localCourseCode"]?.DeepClone(),
                ["schoolId"] = offering["schoolReference"]?["schoolId"]?.DeepClone(),
                ["schoolYear"] = offering["sessionReference"]?["schoolYear"]?.DeepClone(),
                ["sessionName"] = offering["sessionReference"]?["sessionName"]?.DeepClone(),
            },
            ["sectionName"] = "Extra " + Next(),
        };
        if (!Post("sections", section))
        {
            return false;
        }
        var reference = SectionReference(section);
        if (AnyStaffId() is { } staff)
        {
            Post(
                "staffSectionAssociations",
                new JsonObject
                {
                    ["staffReference"] = Ref("staffUniqueId", staff),
                    ["sectionReference"] = reference.DeepClone(),
                    ["beginDate"] = "2024-08-19",
                    ["classroomPositionDescriptor"] = D("ClassroomPosition", "Teacher of Record"),
                }
            );
        }
        for (var i = random.Next(1, 5); i > 0; i--)
        {
            Post(
                "studentSectionAssociations",
                new JsonObject
                {
                    ["studentReference"] = Ref("studentUniqueId", AnyStudentId()),
                    ["sectionReference"] = reference.DeepClone(),
                    ["beginDate"] = "2024-08-19",
                }
            );
        }
        return true;
    }

    private bool ChangeSession(JsonObject b) =>
        random.Next(3) switch
        {
            0 => Set(b, "beginDate", ShiftDate(b["beginDate"], 10)),
            1 => Set(b, "endDate", ShiftDate(b["endDate"], 10)),
            _ => Set(b, "termDescriptor", D("Term", Pick(TermValues))),
        };

    private bool ChangeCalendarEvents(JsonObject b) =>
        Set(
            b,
            "calendarEvents",
            Items(
                "calendarEventDescriptor",
                Enumerable
                    .Range(0, random.Next(3))
                    .Select(_ => D("CalendarEvent", Pick(EventValues)))
                    .Distinct()
            )
        );

    /// <summary>A day added to a random calendar, often outside the usual school days.</summary>
    private bool CreateCalendarDate()
    {
        if (Choose("calendarDates") is not (_, var sample))
        {
            return false;
        }
        sample["date"] = Date(new DateOnly(2024, 7, 1).AddDays(random.Next(400)));
        ChangeCalendarEvents(sample);
        return Post("calendarDates", sample);
    }

    private bool ChangeOfferingTitle(JsonObject b) =>
        SetOrRemove(b, "localCourseTitle", () => "Offered " + Next());

    /// <summary>An offering points at another course code (an existing one, or one no course has).</summary>
    private bool ChangeOfferingCourse()
    {
        var code =
            Chance(80) && Choose("courses") is (_, var course)
                ? course["courseCode"]?.DeepClone()
                : JsonValue.Create("NONE-" + Next());
        return Update("courseOfferings", b =>
        {
            b["courseReference"] = new JsonObject
            {
                ["courseCode"] = code,
                ["educationOrganizationId"] = DistrictGenerator.LocalEducationAgencyId,
            };
            return true;
        });
    }

    private bool CreateOffering()
    {
        if (Choose("sessions") is not (_, var session) || Choose("courses") is not (_, var course))
        {
            return false;
        }
        return Post(
            "courseOfferings",
            new JsonObject
            {
                ["localCourseCode"] = (string?)course["courseCode"] + "-" + Next(),
                ["courseReference"] = new JsonObject
                {
                    ["courseCode"] = course["courseCode"]?.DeepClone(),
                    ["educationOrganizationId"] = course["educationOrganizationReference"]
                        ?["educationOrganizationId"]?.DeepClone(),
                },
                ["schoolReference"] = Ref("schoolId", session["schoolReference"]?["schoolId"]),
                ["sessionReference"] = new JsonObject
                {
                    ["schoolId"] = session["schoolReference"]?["schoolId"]?.DeepClone(),
                    ["schoolYear"] = session["schoolYearTypeReference"]?["schoolYear"]?.DeepClone(),
                    ["sessionName"] = session["sessionName"]?.DeepClone(),
                },
            }
        );
    }

    /// <summary>A course owned by the LEA or by a school (whose LEA then stands in for it).</summary>
    private bool CreateCourse() =>
        Post(
            "courses",
            new JsonObject
            {
                ["courseCode"] = "C-" + Next(),
                ["courseTitle"] = "Course " + Next(),
                ["educationOrganizationReference"] = Ref(
                    "educationOrganizationId",
                    Chance(50) ? (JsonNode)DistrictGenerator.LocalEducationAgencyId : AnySchoolId()
                ),
            }
        );

    /// <summary>A school moves to the second LEA (created on first use), back, or to none.</summary>
    private bool MoveSchool()
    {
        if (Choose("localEducationAgencies", b => (long?)b["localEducationAgencyId"] == SecondLea) is null)
        {
            Post(
                "localEducationAgencies",
                new JsonObject
                {
                    ["localEducationAgencyId"] = SecondLea,
                    ["nameOfInstitution"] = "Second District",
                    ["stateEducationAgencyReference"] = Ref(
                        "stateEducationAgencyId",
                        DistrictGenerator.StateEducationAgencyId
                    ),
                }
            );
        }
        return Update("schools", b =>
            Chance(10)
                ? b.Remove("localEducationAgencyReference") || true
                : Set(
                    b,
                    "localEducationAgencyReference",
                    Ref(
                        "localEducationAgencyId",
                        Chance(50) ? SecondLea : DistrictGenerator.LocalEducationAgencyId
                    )
                )
        );
    }

    private bool ChangeLea(JsonObject b) =>
        Chance(70)
            ? Set(b, "nameOfInstitution", "District " + Next())
            : SetOrRemove(b, "stateEducationAgencyReference", () =>
                Ref("stateEducationAgencyId", DistrictGenerator.StateEducationAgencyId)
            );

    private bool CreateStaffSchool()
    {
        if (AnyStaffId() is not { } staff || AnySchoolId() is not { } school)
        {
            return false;
        }
        return Post(
            "staffSchoolAssociations",
            new JsonObject
            {
                ["staffReference"] = Ref("staffUniqueId", staff),
                ["schoolReference"] = Ref("schoolId", school),
                ["programAssignmentDescriptor"] = D("ProgramAssignment", Pick(ProgramValues)),
            }
        );
    }

    /// <summary>An assignment at a school or at the LEA, with a random classification.</summary>
    private bool CreateAssignment()
    {
        if (AnyStaffId() is not { } staff)
        {
            return false;
        }
        return Post(
            "staffEducationOrganizationAssignmentAssociations",
            new JsonObject
            {
                ["staffReference"] = Ref("staffUniqueId", staff),
                ["educationOrganizationReference"] = Ref(
                    "educationOrganizationId",
                    Chance(70) ? AnySchoolId() : (JsonNode)DistrictGenerator.LocalEducationAgencyId
                ),
                ["staffClassificationDescriptor"] = D("StaffClassification", Pick(ClassificationValues)),
                ["beginDate"] = Date(new DateOnly(2015, 8, 1).AddDays(random.Next(3000))),
                ["positionTitle"] = "Position " + Next(),
            }
        );
    }

    private bool ChangeAssignment(JsonObject b) =>
        Chance(50)
            ? Set(b, "positionTitle", "Position " + Next())
            : SetOrRemove(b, "endDate", () => "2025-06-30");

    private bool CreateStaffContact()
    {
        if (AnyStaffId() is not { } staff)
        {
            return false;
        }
        return Post(
            "staffEducationOrganizationContactAssociations",
            new JsonObject
            {
                ["staffReference"] = Ref("staffUniqueId", staff),
                ["educationOrganizationReference"] = Ref("educationOrganizationId", AnySchoolId()),
                ["contactTitle"] = Pick(new[] { "Work", "Main office", "Zoom" }),
                ["electronicMailAddress"] = $"office.{Next()}@example.org",
            }
        );
    }

    private bool CreateStudentContact() =>
        Choose("contacts") is (_, var contact) && LinkContact(contact["contactUniqueId"], AnyStudentId());

    private bool LinkContact(JsonNode? contact, JsonNode? student) =>
        student is not null
        && Post(
            "studentContactAssociations",
            new JsonObject
            {
                ["contactReference"] = Ref("contactUniqueId", contact),
                ["studentReference"] = Ref("studentUniqueId", student),
                ["relationDescriptor"] = D("Relation", "Guardian"),
                ["primaryContactStatus"] = Chance(50),
            }
        );

    /// <summary>
    /// Replaces the mapping of one descriptor value: every live record for that value is deleted and, mostly, one
    /// with a random OneRoster value takes its place (without one the shipped default applies again).
    /// </summary>
    private bool Remap()
    {
        var (type, values, targets) = Pick(MappingTypes);
        var value = Pick(values);
        var ns = "uri://ed-fi.org/" + type;
        var mappedNs = "uri://1edtech.org/oneroster12/" + type;
        store.TryRead(
            useSnapshot: false,
            state =>
                state
                    .Table("descriptorMappings")!
                    .Ordered.Where(r =>
                        (string?)r.Body["namespace"] == ns
                        && (string?)r.Body["value"] == value
                        && (string?)r.Body["mappedNamespace"] == mappedNs
                    )
                    .Select(r => r.Id)
                    .ToList(),
            out var ids
        );
        var changed = false;
        foreach (var id in ids)
        {
            changed |= Delete("descriptorMappings", id);
        }
        if (Chance(85))
        {
            changed |= Post(
                "descriptorMappings",
                new JsonObject
                {
                    ["value"] = value,
                    ["namespace"] = ns,
                    ["mappedValue"] = Pick(targets),
                    ["mappedNamespace"] = mappedNs,
                    ["mappingScopes"] = new JsonArray(),
                }
            );
        }
        return changed;
    }
}
