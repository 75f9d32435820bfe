using System.Diagnostics;
using OneRoster.Projections.Mapping;
using Xunit;
using Xunit.Abstractions;
using static OneRoster.Projections.UnitTests.Mapping.MappingTestKit;

namespace OneRoster.Projections.UnitTests.Mapping;

/// <summary>
/// The whole Grand Bend DS 5.2 sample (tests/data/grand-bend/ds-5.2 of this repository). Expected counts
/// were derived by hand from the data files (jq/python over the *.jsonl), not from this code.
/// </summary>
public class GrandBendProjectionTests(ITestOutputHelper log)
{
    [Fact]
    public void grand_bend_projects_the_counts_derived_from_the_data_files()
    {
        var sources = GrandBendData.Load("5.2");
        var options = new MappingOptions(5, Href, Defaults);
        OneRosterMapper.Project(sources, options); // warm-up (JIT)

        var watch = Stopwatch.StartNew();
        var docs = OneRosterMapper.Project(sources, options);
        watch.Stop();
        foreach (var group in docs.GroupBy(d => d.Class))
        {
            log.WriteLine($"{group.Key}: {group.Count()}");
        }
        log.WriteLine($"Project(): {watch.ElapsedMilliseconds} ms for {docs.Count} documents");

        // 3 schools + 1 LEA + 1 SEA (the ESC is not an org).
        Assert.Equal(5, docs.Of("orgs").Count);
        Assert.Equal(3, docs.Of("orgs").Count(d => d.Kind == "school"));
        // 6 sessions (Fall/Spring Semester at 3 schools, both mapped to semester) + 1 schoolYear row for (255901, 2022).
        Assert.Equal(6, docs.Of("academicSessions").Count(d => d.Kind == "semester"));
        var year = Assert.Single(docs.Of("academicSessions"), d => d.Kind == "schoolYear");
        Assert.Equal(Md5("255901-2022"), year.SourcedId);
        // Every school's first/last instructional day is 2021-08-23 / 2022-05-27 (python over calendarDates.jsonl).
        Assert.Equal("2021-08-23", year.Body["startDate"]!.GetValue<string>());
        Assert.Equal("2022-05-27", year.Body["endDate"]!.GetValue<string>());
        // courses.jsonl has 84 lines; every one of the 532 sections has an offering at an existing school.
        Assert.Equal(84, docs.Of("courses").Count);
        Assert.Equal(532, docs.Of("classes").Count);
        // 528 staffSectionAssociations (all Teacher of Record) + 11,468 studentSectionAssociations, all resolving.
        Assert.Equal(528, docs.Of("enrollments").Count(d => d.Kind == "teacher"));
        Assert.Equal(528, docs.Of("enrollments").Count(d => d.Body["primary"]!.GetValue<string>() == "true"));
        Assert.Equal(11_468, docs.Of("enrollments").Count(d => d.Kind == "student"));

        // Students: 962 distinct (studentUniqueId, schoolId) pairs in studentSchoolAssociations.jsonl
        // (jq -r '[.studentReference.studentUniqueId, .schoolReference.schoolId] | @tsv' | sort -u | wc -l)
        // + 3 students without any association (605396, 605618, 605493) = 965; 960 distinct students.
        var students = docs.Of("users").Where(d => d.Kind == "student").ToList();
        Assert.Equal(965, students.Count);
        Assert.Equal(960, students.Select(d => d.Body["identifier"]!.GetValue<string>()).Distinct().Count());
        Assert.Equal(3, students.Count(d => d.EducationOrganizationIds.Count == 0));
        // 36 of 960 LEA e-mails are doNotPublish.
        Assert.Equal(
            924,
            students
                .Where(d => d.Body.ContainsKey("email"))
                .Select(d => d.Body["identifier"]!.GetValue<string>())
                .Distinct()
                .Count()
        );

        // Staff: 56 distinct (staff, school) pairs + 12 staffs without a staffSchoolAssociation = 68 rows;
        // role per mapping.md 1.7: 55 teacher rows, 1 principal row, 12 rows with no role (all schoolless).
        var staff = docs.Of("users")
            .Where(d => d.Body["metadata"]!["edfi"]!["resource"]!.GetValue<string>() == "staffs")
            .ToList();
        Assert.Equal(68, staff.Count);
        Assert.Equal(55, staff.Count(d => d.Kind == "teacher"));
        Assert.Equal(1, staff.Count(d => d.Kind == "principal"));
        Assert.Equal(12, staff.Count(d => d.Kind is null));

        // Contacts: one row per contacts.jsonl line; 9 contacts have no linked student with a school.
        var parents = docs.Of("users").Where(d => d.Kind == "parent").ToList();
        Assert.Equal(1_873, parents.Count);
        Assert.Equal(9, parents.Count(d => d.EducationOrganizationIds.Count == 0));
        Assert.Equal(965 + 68 + 1_873, docs.Of("users").Count);

        // Demographics mirror the student rows; 43 LEA rows list two races + 9 school SEOAs add a second mapped race.
        var demographics = docs.Of("demographics");
        Assert.Equal(965, demographics.Count);
        Assert.Equal(
            students.Select(d => d.SourcedId).Order(StringComparer.Ordinal),
            demographics.Select(d => d.SourcedId).Order(StringComparer.Ordinal)
        );
        Assert.Equal(
            52,
            demographics
                .Where(d => d.Body["demographicRaceTwoOrMoreRaces"]!.GetValue<string>() == "true")
                .Select(d =>
                    d.Body["metadata"]!["edfi"]!["naturalKey"]!["studentUniqueId"]!.GetValue<string>()
                )
                .Distinct()
                .Count()
        );

        // No duplicate ids, and no null or empty top-level values.
        Assert.Equal(docs.Count, docs.Select(d => (d.Class, d.SourcedId)).Distinct().Count());
        Assert.DoesNotContain(docs, d =>
            d.Body.Any(kv => kv.Value is null || kv.Value.ToJsonString() == "\"\"")
        );
    }
}
