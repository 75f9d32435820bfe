using System.Net;
using System.Text.Json.Nodes;
using OneRoster.Projections.EdFiSandbox;
using Xunit;

namespace OneRoster.Projections.IntegrationTests.Sandbox;

/// <summary>One Grand Bend DS 5.2 sandbox shared by read-only tests.</summary>
public sealed class GrandBendSandbox : IAsyncLifetime
{
    public RunningSandbox Sandbox { get; private set; } = null!;

    public async Task InitializeAsync() =>
        Sandbox = await RunningSandbox.StartAsync(new SandboxOptions { DataFolder = GrandBend.Folder() });

    public async Task DisposeAsync() => await Sandbox.DisposeAsync();
}

public sealed class GrandBendReadTests(GrandBendSandbox fixture) : IClassFixture<GrandBendSandbox>
{
    private RunningSandbox Sandbox => fixture.Sandbox;

    [Theory]
    [InlineData("schools", 3)]
    [InlineData("sections", 532)]
    [InlineData("students", 960)]
    [InlineData("studentSectionAssociations", 11468)]
    [InlineData("descriptorMappings", 64)]
    public async Task loading_grand_bend_serves_every_line_of_the_file(string resource, long expected) =>
        Assert.Equal(expected, await Sandbox.TotalCountAsync(resource));

    [Fact]
    public async Task every_load_takes_one_change_version_so_the_newest_is_the_number_of_lines()
    {
        var lines = Directory
            .GetFiles(GrandBend.Folder(), "*.jsonl")
            .Sum(f => File.ReadLines(f).Count(l => !string.IsNullOrWhiteSpace(l)));

        Assert.Equal(lines, await Sandbox.NewestChangeVersionAsync());
    }

    [Fact]
    public async Task offset_pages_of_100_cover_all_532_sections_once_in_the_order_of_one_big_read()
    {
        var paged = new List<string>();
        for (var offset = 0; offset < 600; offset += 100)
        {
            paged.AddRange(
                (await Sandbox.GetArrayAsync($"data/v3/ed-fi/sections?offset={offset}&limit=100")).Select(i =>
                    i!["id"]!.GetValue<string>()
                )
            );
        }
        var big = (await Sandbox.GetArrayAsync("data/v3/ed-fi/sections?limit=500"))
            .Concat(await Sandbox.GetArrayAsync("data/v3/ed-fi/sections?offset=500&limit=500"))
            .Select(i => i!["id"]!.GetValue<string>())
            .ToList();

        Assert.Equal(532, paged.Distinct().Count());
        Assert.Equal(big, paged);
    }

    [Fact]
    public async Task without_a_limit_a_page_holds_500_items()
    {
        var page = await Sandbox.GetArrayAsync("data/v3/ed-fi/studentSectionAssociations");

        Assert.Equal(500, page.Count);
    }

    [Fact]
    public async Task total_count_respects_the_change_window_and_limit_zero_returns_no_items()
    {
        using var response = await Sandbox.Http.GetAsync(
            "data/v3/ed-fi/sections?minChangeVersion=1&maxChangeVersion=100&limit=0&totalCount=true"
        );
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsArray();

        Assert.Empty(body);
        // Sections load far after the first 100 change versions (edorgs, courses, ... come first).
        Assert.Equal("0", response.Headers.GetValues("Total-Count").Single());
    }

    [Theory]
    [InlineData("limit=501")]
    [InlineData("limit=-1")]
    [InlineData("offset=-1")]
    [InlineData("minChangeVersion=abc")]
    public async Task bad_paging_parameters_are_a_400_problem(string query)
    {
        using var response = await Sandbox.Http.GetAsync($"data/v3/ed-fi/sections?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(400, problem["status"]!.GetValue<int>());
    }

    [Fact]
    public async Task items_carry_a_lowercase_hex_id_an_etag_and_a_utc_last_modified_date()
    {
        var item = await Sandbox.FirstAsync("students");

        Assert.Matches("^[0-9a-f]{32}$", item["id"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(item["_etag"]!.GetValue<string>()));
        Assert.Matches(
            @"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$",
            item["_lastModifiedDate"]!.GetValue<string>()
        );
    }

    [Fact]
    public async Task an_item_read_by_id_equals_the_item_in_the_collection()
    {
        var item = await Sandbox.FirstAsync("sessions");

        var byId = JsonNode.Parse(await Sandbox.Http.GetStringAsync($"data/v3/ed-fi/sessions/{item["id"]}"))!;

        Assert.True(JsonNode.DeepEquals(item, byId));
    }

    [Theory]
    [InlineData("data/v3/ed-fi/nonExisting")]
    [InlineData("data/v3/ed-fi/nonExisting/deletes")]
    [InlineData("data/v3/ed-fi/nonExisting/keyChanges")]
    [InlineData("data/v3/ed-fi/sessions/0123456789abcdef0123456789abcdef")]
    public async Task unknown_resources_and_ids_are_404(string path)
    {
        using var response = await Sandbox.Http.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task a_natural_key_query_finds_one_section()
    {
        var section = await Sandbox.FirstAsync("sections");
        var identifier = Uri.EscapeDataString(section["sectionIdentifier"]!.GetValue<string>());

        var found = await Sandbox.GetArrayAsync($"data/v3/ed-fi/sections?sectionIdentifier={identifier}");

        Assert.Equal(section["id"]!.GetValue<string>(), Assert.Single(found)!["id"]!.GetValue<string>());
    }
}
