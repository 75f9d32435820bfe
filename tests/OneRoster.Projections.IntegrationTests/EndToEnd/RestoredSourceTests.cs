using System.Text.Json;
using OneRoster.Projections.EdFiSandbox;
using OneRoster.Projections.IntegrationTests.Infrastructure;
using Xunit;

namespace OneRoster.Projections.IntegrationTests.EndToEnd;

/// <summary>
/// An Ed-Fi source whose change versions go back (an ODS restored from a backup) must be read again in
/// full: the projection then shows exactly what the restored source holds, and retires what it lost.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class RestoredSourceTests
{
    [Fact]
    public async Task a_source_restored_with_lower_change_versions_is_read_again_and_what_it_lost_turns_tobedeleted()
    {
        // Two generated districts: seed 1 with 40 students, then seed 2 with 20, which holds fewer records
        // and so a lower newestChangeVersion than the checkpoint the first one left.
        var before = DistrictGenerator.Generate(40, 1);
        var after = DistrictGenerator.Generate(20, 2);
        await using var pipeline = await Pipeline.StartAsync(
            new SandboxOptions { GenerateStudents = 40, Seed = 1 },
            "restored"
        );
        await Pipeline.WaitUntilAsync(
            async () =>
                await ActiveStudentIdentifiersAsync(pipeline) is { Count: > 0 } ids
                && ids.SetEquals(StudentIds(before)),
            TimeSpan.FromMinutes(2),
            "the first district is served"
        );

        await pipeline.ReplaceSandboxAsync(new SandboxOptions { GenerateStudents = 20, Seed = 2 });

        await Pipeline.WaitUntilAsync(
            async () => (await ActiveStudentIdentifiersAsync(pipeline)).SetEquals(StudentIds(after)),
            TimeSpan.FromMinutes(2),
            "exactly the restored district's students are active"
        );
        var (students, _) = await pipeline.ReadAllAsync("students", "users", 500);
        var lost = StudentIds(before).Except(StudentIds(after)).ToHashSet();
        Assert.NotEmpty(lost);
        Assert.All(students.Where(s => lost.Contains(s.GetProperty("identifier").GetString()!)), s =>
            Assert.Equal("tobedeleted", s.GetProperty("status").GetString())
        );
        var firstNames = after
            .Resources["students"]
            .ToDictionary(s => (string)s["studentUniqueId"]!, s => (string)s["firstName"]!);
        Assert.All(students.Where(s => s.GetProperty("status").GetString() == "active"), s =>
            Assert.Equal(
                firstNames[s.GetProperty("identifier").GetString()!],
                s.GetProperty("givenName").GetString()
            )
        );
    }

    private static HashSet<string> StudentIds(GeneratedDistrict district) =>
        [.. district.Resources["students"].Select(s => (string)s["studentUniqueId"]!)];

    private static async Task<HashSet<string>> ActiveStudentIdentifiersAsync(Pipeline pipeline)
    {
        var (students, _) = await pipeline.ReadAllAsync("students", "users", 500);
        return
        [
            .. students
                .Where(s => s.GetProperty("status").GetString() == "active")
                .Select(s => s.GetProperty("identifier").GetString()!),
        ];
    }
}
