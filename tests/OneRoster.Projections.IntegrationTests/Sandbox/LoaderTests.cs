using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OneRoster.Projections.EdFiSandbox;
using Xunit;

namespace OneRoster.Projections.IntegrationTests.Sandbox;

public sealed class LoaderTests
{
    [Fact]
    public void every_grand_bend_file_has_a_key_definition_for_both_data_standards()
    {
        foreach (
            var (standard, folder) in new[] { (DataStandard.Ds52, "ds-5.2"), (DataStandard.Ds40, "ds-4.0") }
        )
        {
            var resources = Directory
                .GetFiles(GrandBend.Folder(folder), "*.jsonl")
                .Select(Path.GetFileNameWithoutExtension);

            Assert.All(resources, r =>
                Assert.True(NaturalKeys.For(standard).ContainsKey(r!), $"{standard}: {r}")
            );
        }
    }

    [Fact]
    public async Task a_ds_4_0_folder_loads_with_parents_and_the_root_document_says_data_model_4_0()
    {
        await using var sandbox = await RunningSandbox.StartAsync(
            new SandboxOptions { DataFolder = GrandBend.Folder("ds-4.0") }
        );

        var root = (await sandbox.Http.GetFromJsonAsync<JsonObject>(""))!;

        Assert.Equal("4.0.0", root["dataModels"]![0]!["version"]!.GetValue<string>());
        Assert.True(await sandbox.TotalCountAsync("parents") > 0);
        Assert.Equal(960, await sandbox.TotalCountAsync("students"));
    }

    [Fact]
    public void two_lines_with_the_same_natural_key_fail_the_load()
    {
        var folder = Directory.CreateTempSubdirectory("sandbox-dup-").FullName;
        try
        {
            File.WriteAllLines(
                Path.Combine(folder, "schools.jsonl"),
                ["""{"schoolId":1,"nameOfInstitution":"A"}""", """{"schoolId":1,"nameOfInstitution":"B"}"""]
            );

            var error = Assert.Throws<InvalidDataException>(() => DataLoader.LoadFolder(folder));

            Assert.Contains("duplicate natural key", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void a_file_for_a_resource_the_sandbox_does_not_know_fails_the_load()
    {
        var folder = Directory.CreateTempSubdirectory("sandbox-unknown-").FullName;
        try
        {
            File.WriteAllLines(Path.Combine(folder, "widgets.jsonl"), ["""{"widgetId":1}"""]);

            Assert.Throws<InvalidDataException>(() => DataLoader.LoadFolder(folder));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void a_change_applied_through_the_store_is_visible_to_the_next_read()
    {
        var store = new SandboxStore();
        store.Load("schools", [new JsonObject { ["schoolId"] = 7, ["nameOfInstitution"] = "Seven" }]);

        var result = store.Upsert(
            "schools",
            new JsonObject { ["schoolId"] = 7, ["nameOfInstitution"] = "Renamed" }
        );

        Assert.Equal(WriteOutcome.Updated, result.Outcome);
        Assert.Equal(2, store.NewestChangeVersion);
        Assert.Equal("Renamed", store.Get("schools", result.Id!)!["nameOfInstitution"]!.GetValue<string>());
    }
}
