using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OneRoster.Projections.EdFiSandbox;
using Xunit;

namespace OneRoster.Projections.IntegrationTests.Sandbox;

public sealed class DiscoveryTests : IAsyncLifetime
{
    private RunningSandbox _sandbox = null!;

    public async Task InitializeAsync() =>
        _sandbox = await RunningSandbox.StartAsync(
            new SandboxOptions { GenerateStudents = 10 },
            authorize: false
        );

    public async Task DisposeAsync() => await _sandbox.DisposeAsync();

    [Fact]
    public async Task the_root_document_says_ods_7_3_with_data_standard_5_2_and_absolute_urls_on_the_request_host()
    {
        var root = (await _sandbox.Http.GetFromJsonAsync<JsonObject>(""))!;
        var urls = root["urls"]!.AsObject();
        var origin = _sandbox.BaseAddress.GetLeftPart(UriPartial.Authority);

        Assert.Equal("7.3", root["version"]!.GetValue<string>());
        Assert.Equal("Ed-Fi", root["dataModels"]![0]!["name"]!.GetValue<string>());
        Assert.Equal("5.2.0", root["dataModels"]![0]!["version"]!.GetValue<string>());
        Assert.Equal(origin + "/data/v3/", urls["dataManagementApi"]!.GetValue<string>());
        Assert.Equal(origin + "/changeQueries/v1/", urls["changeQueries"]!.GetValue<string>());
        Assert.Equal(origin + "/oauth/token", urls["oauth"]!.GetValue<string>());
        Assert.Equal(origin + "/metadata/data/v3/dependencies", urls["dependencies"]!.GetValue<string>());
    }

    [Fact]
    public async Task the_urls_of_the_root_document_answer()
    {
        var root = (await _sandbox.Http.GetFromJsonAsync<JsonObject>(""))!;
        using var dependencies = await _sandbox.Http.GetAsync(
            root["urls"]!["dependencies"]!.GetValue<string>()
        );

        Assert.True(dependencies.IsSuccessStatusCode);
    }

    [Fact]
    public async Task dependencies_put_edorgs_before_schools_before_sessions_before_sections_before_rosters()
    {
        var rows = (await _sandbox.Http.GetFromJsonAsync<JsonArray>("metadata/data/v3/dependencies"))!;
        int OrderOf(string resource, string operation = "Create") =>
            rows.Where(r =>
                    r!["resource"]!.GetValue<string>() == "/ed-fi/" + resource
                    && r["operations"]!.AsArray().Any(o => o!.GetValue<string>() == operation)
                )
                .Select(r => r!["order"]!.GetValue<int>())
                .Single();

        Assert.True(OrderOf("descriptorMappings") < OrderOf("localEducationAgencies"));
        Assert.True(OrderOf("localEducationAgencies") < OrderOf("schools"));
        Assert.True(OrderOf("schools") < OrderOf("sessions"));
        Assert.True(OrderOf("sessions") < OrderOf("courseOfferings"));
        Assert.True(OrderOf("courseOfferings") < OrderOf("sections"));
        Assert.True(OrderOf("sections") < OrderOf("studentSectionAssociations"));
        Assert.True(OrderOf("students") < OrderOf("studentSchoolAssociations"));
        Assert.True(OrderOf("studentSchoolAssociations") < OrderOf("students", "Update"));
        Assert.True(OrderOf("studentContactAssociations") < OrderOf("contacts", "Update"));
    }
}
