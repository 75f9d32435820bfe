using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Xunit;

namespace OneRoster.Projections.IntegrationTests.Sandbox;

/// <summary>
/// PUTs that change an identity: /keyChanges rows, merging per window, and ON UPDATE CASCADE.
/// </summary>
public sealed class KeyChangeTests : IAsyncLifetime
{
    private RunningSandbox _sandbox = null!;

    public async Task InitializeAsync() => _sandbox = await RunningSandbox.GeneratedAsync();

    public async Task DisposeAsync() => await _sandbox.DisposeAsync();

    private HttpClient Http => _sandbox.Http;

    private async Task<long> RenameSectionAsync(JsonObject section, string newIdentifier)
    {
        var body = RunningSandbox.Body(section);
        body["sectionIdentifier"] = newIdentifier;
        using var response = await Http.PutAsJsonAsync($"data/v3/ed-fi/sections/{section["id"]}", body);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        return await _sandbox.NewestChangeVersionAsync();
    }

    private static string Identifier(JsonNode? keyValues) =>
        keyValues!["sectionIdentifier"]!.GetValue<string>();

    [Fact]
    public async Task two_renames_of_a_section_in_one_window_are_one_key_change_from_the_first_old_to_the_last_new_key()
    {
        var section = await _sandbox.FirstAsync("sections");
        var original = section["sectionIdentifier"]!.GetValue<string>();
        var start = await _sandbox.NewestChangeVersionAsync() + 1;

        var first = await RenameSectionAsync(section, "RENAMED-1");
        var renamed = JsonNode
            .Parse(await Http.GetStringAsync($"data/v3/ed-fi/sections/{section["id"]}"))!
            .AsObject();
        var second = await RenameSectionAsync(renamed, "RENAMED-2");
        var whole = await _sandbox.GetArrayAsync(
            $"data/v3/ed-fi/sections/keyChanges?minChangeVersion={start}"
        );
        var lastOnly = await _sandbox.GetArrayAsync(
            $"data/v3/ed-fi/sections/keyChanges?minChangeVersion={first + 1}"
        );

        var row = Assert.Single(whole)!;
        Assert.Equal(section["id"]!.GetValue<string>(), row["id"]!.GetValue<string>());
        Assert.Equal(original, Identifier(row["oldKeyValues"]));
        Assert.Equal("RENAMED-2", Identifier(row["newKeyValues"]));
        // The second rename's version: after everything the first rename took, at most the newest after it
        // (its cascades to section associations take the versions after the section's own).
        Assert.InRange(row["changeVersion"]!.GetValue<long>(), first + 1, second);
        Assert.Equal("RENAMED-1", Identifier(Assert.Single(lastOnly)!["oldKeyValues"]));
        Assert.Equal(
            ["localCourseCode", "schoolId", "schoolYear", "sectionIdentifier", "sessionName"],
            row["oldKeyValues"]!.AsObject().Select(p => p.Key)
        );
    }

    [Fact]
    public async Task a_section_key_change_cascades_to_its_student_and_staff_section_associations()
    {
        var section = await _sandbox.FirstAsync("sections");
        var oldIdentifier = section["sectionIdentifier"]!.GetValue<string>();
        var students = (
            await _sandbox.GetArrayAsync(
                $"data/v3/ed-fi/studentSectionAssociations?sectionIdentifier={Uri.EscapeDataString(oldIdentifier)}"
            )
        ).Count;
        var start = await _sandbox.NewestChangeVersionAsync() + 1;

        await RenameSectionAsync(section, "CASCADED");
        var studentChanges = await _sandbox.GetArrayAsync(
            $"data/v3/ed-fi/studentSectionAssociations/keyChanges?minChangeVersion={start}"
        );
        var staffChanges = await _sandbox.GetArrayAsync(
            $"data/v3/ed-fi/staffSectionAssociations/keyChanges?minChangeVersion={start}"
        );
        var rewritten = await _sandbox.GetArrayAsync(
            $"data/v3/ed-fi/studentSectionAssociations?minChangeVersion={start}"
        );

        Assert.True(students > 0);
        Assert.Equal(students, studentChanges.Count);
        Assert.All(studentChanges, c => Assert.Equal(oldIdentifier, Identifier(c!["oldKeyValues"])));
        Assert.All(studentChanges, c => Assert.Equal("CASCADED", Identifier(c!["newKeyValues"])));
        Assert.Single(staffChanges);
        Assert.Equal(students, rewritten.Count);
        Assert.All(rewritten, a => Assert.Equal("CASCADED", Identifier(a!["sectionReference"])));
    }

    [Fact]
    public async Task an_enrollment_entry_date_change_is_a_key_change_of_the_student_school_association()
    {
        var enrollment = await _sandbox.FirstAsync("studentSchoolAssociations");
        var body = RunningSandbox.Body(enrollment);
        body["entryDate"] = "2024-09-02";
        var start = await _sandbox.NewestChangeVersionAsync() + 1;

        (
            await Http.PutAsJsonAsync($"data/v3/ed-fi/studentSchoolAssociations/{enrollment["id"]}", body)
        ).EnsureSuccessStatusCode();
        var rows = await _sandbox.GetArrayAsync(
            $"data/v3/ed-fi/studentSchoolAssociations/keyChanges?minChangeVersion={start}"
        );

        var row = Assert.Single(rows)!;
        Assert.Equal(
            enrollment["entryDate"]!.GetValue<string>(),
            row["oldKeyValues"]!["entryDate"]!.GetValue<string>()
        );
        Assert.Equal("2024-09-02", row["newKeyValues"]!["entryDate"]!.GetValue<string>());
    }

    [Fact]
    public async Task a_key_change_then_a_delete_in_one_window_shows_in_key_changes_and_in_deletes_with_the_new_key()
    {
        var section = await _sandbox.FirstAsync("sections");
        var start = await _sandbox.NewestChangeVersionAsync() + 1;

        await RenameSectionAsync(section, "GONE");
        (await Http.DeleteAsync($"data/v3/ed-fi/sections/{section["id"]}")).EnsureSuccessStatusCode();
        var keyChanges = await _sandbox.GetArrayAsync(
            $"data/v3/ed-fi/sections/keyChanges?minChangeVersion={start}"
        );
        var deletes = await _sandbox.GetArrayAsync(
            $"data/v3/ed-fi/sections/deletes?minChangeVersion={start}"
        );

        Assert.Single(keyChanges);
        Assert.Equal("GONE", Identifier(Assert.Single(deletes)!["keyValues"]));
    }

    [Fact]
    public async Task renaming_a_section_onto_another_live_sections_key_is_a_409_and_changes_nothing()
    {
        var sections = await _sandbox.GetArrayAsync("data/v3/ed-fi/sections?limit=2");
        var body = RunningSandbox.Body(sections[0]!.AsObject());
        body["sectionIdentifier"] = sections[1]!["sectionIdentifier"]!.DeepClone();
        body["courseOfferingReference"] = sections[1]!["courseOfferingReference"]!.DeepClone();
        var before = await _sandbox.NewestChangeVersionAsync();

        using var response = await Http.PutAsJsonAsync($"data/v3/ed-fi/sections/{sections[0]!["id"]}", body);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal(before, await _sandbox.NewestChangeVersionAsync());
    }
}
