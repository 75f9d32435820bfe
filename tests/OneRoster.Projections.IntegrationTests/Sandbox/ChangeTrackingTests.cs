using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Xunit;

namespace OneRoster.Projections.IntegrationTests.Sandbox;

/// <summary>
/// Writes through the API and what /availableChangeVersions, windows, /deletes and /keyChanges then say.
/// </summary>
public sealed class ChangeTrackingTests : IAsyncLifetime
{
    private RunningSandbox _sandbox = null!;

    public async Task InitializeAsync() => _sandbox = await RunningSandbox.GeneratedAsync();

    public async Task DisposeAsync() => await _sandbox.DisposeAsync();

    private HttpClient Http => _sandbox.Http;

    private static JsonObject NewStudent(string id, string firstName = "Ana") =>
        new()
        {
            ["studentUniqueId"] = id,
            ["firstName"] = firstName,
            ["lastSurname"] = "Test",
            ["birthDate"] = "2010-01-01",
        };

    private async Task<string> IdAfterPostAsync(string resource, JsonObject body)
    {
        using var response = await Http.PostAsJsonAsync($"data/v3/ed-fi/{resource}", body);
        response.EnsureSuccessStatusCode();
        return _sandbox.Store.FindId(resource, body)!;
    }

    [Fact]
    public async Task every_insert_update_and_delete_takes_the_next_change_version_and_an_identical_post_takes_none()
    {
        var start = await _sandbox.NewestChangeVersionAsync();

        var id = await IdAfterPostAsync("students", NewStudent("S-1"));
        var afterInsert = await _sandbox.NewestChangeVersionAsync();
        (await Http.PostAsJsonAsync("data/v3/ed-fi/students", NewStudent("S-1"))).EnsureSuccessStatusCode();
        var afterSamePost = await _sandbox.NewestChangeVersionAsync();
        (
            await Http.PutAsJsonAsync($"data/v3/ed-fi/students/{id}", NewStudent("S-1", "Bea"))
        ).EnsureSuccessStatusCode();
        var afterUpdate = await _sandbox.NewestChangeVersionAsync();
        (await Http.DeleteAsync($"data/v3/ed-fi/students/{id}")).EnsureSuccessStatusCode();
        var afterDelete = await _sandbox.NewestChangeVersionAsync();

        Assert.Equal(
            [start + 1, start + 1, start + 2, start + 3],
            [afterInsert, afterSamePost, afterUpdate, afterDelete]
        );
    }

    [Fact]
    public async Task a_new_natural_key_is_created_with_a_location_and_the_same_key_again_is_an_update_of_the_same_id()
    {
        using var created = await Http.PostAsJsonAsync("data/v3/ed-fi/students", NewStudent("S-2"));
        using var updated = await Http.PostAsJsonAsync("data/v3/ed-fi/students", NewStudent("S-2", "Cleo"));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        var item = JsonNode.Parse(await Http.GetStringAsync(created.Headers.Location))!;
        Assert.Equal("Cleo", item["firstName"]!.GetValue<string>());
        Assert.EndsWith(
            item["id"]!.GetValue<string>(),
            created.Headers.Location!.AbsolutePath,
            StringComparison.Ordinal
        );
    }

    [Fact]
    public async Task a_change_window_includes_both_of_its_bounds_and_nothing_outside_them()
    {
        var versions = new List<long>();
        foreach (var id in new[] { "W-1", "W-2", "W-3" })
        {
            await IdAfterPostAsync("students", NewStudent(id));
            versions.Add(await _sandbox.NewestChangeVersionAsync());
        }

        var inner = await _sandbox.GetArrayAsync(
            $"data/v3/ed-fi/students?minChangeVersion={versions[0]}&maxChangeVersion={versions[1]}"
        );
        var onlyLast = await _sandbox.GetArrayAsync($"data/v3/ed-fi/students?minChangeVersion={versions[2]}");

        Assert.Equal(["W-1", "W-2"], inner.Select(s => s!["studentUniqueId"]!.GetValue<string>()));
        Assert.Equal(["W-3"], onlyLast.Select(s => s!["studentUniqueId"]!.GetValue<string>()));
    }

    [Fact]
    public async Task a_deleted_section_association_shows_in_deletes_with_its_flattened_natural_key()
    {
        var association = await _sandbox.FirstAsync("studentSectionAssociations");
        var before = await _sandbox.NewestChangeVersionAsync();

        using var deleted = await Http.DeleteAsync(
            $"data/v3/ed-fi/studentSectionAssociations/{association["id"]}"
        );
        var rows = await _sandbox.GetArrayAsync(
            $"data/v3/ed-fi/studentSectionAssociations/deletes?minChangeVersion={before + 1}"
        );

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        var row = Assert.Single(rows)!;
        Assert.Equal(association["id"]!.GetValue<string>(), row["id"]!.GetValue<string>());
        Assert.Equal(before + 1, row["changeVersion"]!.GetValue<long>());
        var section = association["sectionReference"]!;
        var expected = new JsonObject
        {
            ["beginDate"] = association["beginDate"]!.DeepClone(),
            ["localCourseCode"] = section["localCourseCode"]!.DeepClone(),
            ["schoolId"] = section["schoolId"]!.DeepClone(),
            ["schoolYear"] = section["schoolYear"]!.DeepClone(),
            ["sectionIdentifier"] = section["sectionIdentifier"]!.DeepClone(),
            ["sessionName"] = section["sessionName"]!.DeepClone(),
            ["studentUniqueId"] = association["studentReference"]!["studentUniqueId"]!.DeepClone(),
        };
        Assert.Equal(expected.ToJsonString(), row["keyValues"]!.ToJsonString());
    }

    [Fact]
    public async Task deleting_an_unknown_id_is_404()
    {
        using var response = await Http.DeleteAsync(
            "data/v3/ed-fi/students/0123456789abcdef0123456789abcdef"
        );

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task a_delete_then_recreate_of_the_same_natural_key_hides_the_tombstone_and_gets_a_new_id()
    {
        var contact = await _sandbox.FirstAsync("contacts");
        var before = await _sandbox.NewestChangeVersionAsync();
        (await Http.DeleteAsync($"data/v3/ed-fi/contacts/{contact["id"]}")).EnsureSuccessStatusCode();
        var whileDeleted = await _sandbox.GetArrayAsync(
            $"data/v3/ed-fi/contacts/deletes?minChangeVersion={before + 1}"
        );

        var newId = await IdAfterPostAsync("contacts", RunningSandbox.Body(contact));
        var afterRecreate = await _sandbox.GetArrayAsync(
            $"data/v3/ed-fi/contacts/deletes?minChangeVersion={before + 1}"
        );
        var upserts = await _sandbox.GetArrayAsync($"data/v3/ed-fi/contacts?minChangeVersion={before + 1}");

        Assert.Single(whileDeleted);
        Assert.Empty(afterRecreate);
        Assert.NotEqual(contact["id"]!.GetValue<string>(), newId);
        Assert.Equal(newId, Assert.Single(upserts)!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task changing_a_natural_key_on_a_resource_without_updatable_keys_is_400_key_change_not_supported()
    {
        var student = await _sandbox.FirstAsync("students");
        var body = RunningSandbox.Body(student);
        body["studentUniqueId"] = "CHANGED";

        using var response = await Http.PutAsJsonAsync($"data/v3/ed-fi/students/{student["id"]}", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.EndsWith(
            "key-change-not-supported",
            problem["type"]!.GetValue<string>(),
            StringComparison.Ordinal
        );
    }

    [Fact]
    public async Task parallel_writers_and_readers_each_get_their_own_change_version_and_nothing_is_lost()
    {
        var start = await _sandbox.NewestChangeVersionAsync();
        var students = await _sandbox.TotalCountAsync("students");

        var writes = Enumerable
            .Range(0, 200)
            .Select(async i =>
            {
                using var response = await Http.PostAsJsonAsync(
                    "data/v3/ed-fi/students",
                    NewStudent($"P-{i}")
                );
                response.EnsureSuccessStatusCode();
            });
        var reads = Enumerable
            .Range(0, 50)
            .Select(_ => _sandbox.GetArrayAsync("data/v3/ed-fi/students?limit=100"));
        await Task.WhenAll(writes.Concat<Task>(reads));

        Assert.Equal(start + 200, await _sandbox.NewestChangeVersionAsync());
        Assert.Equal(students + 200, await _sandbox.TotalCountAsync("students"));
        var window = await _sandbox.GetArrayAsync(
            $"data/v3/ed-fi/students?minChangeVersion={start + 1}&limit=500"
        );
        Assert.Equal(200, window.Select(s => s!["studentUniqueId"]!.GetValue<string>()).Distinct().Count());
    }
}
