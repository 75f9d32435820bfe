using System.Net;
using System.Text.Json;
using OneRoster.Projections.Storage;
using Xunit;

namespace OneRoster.Projections.IntegrationTests.Api;

/// <summary>Seven users stored out of order, with ids whose ordinal order differs from numeric and case-blind order.</summary>
public sealed class SevenUsersFixture : IAsyncLifetime
{
    /// <summary>The ids in ordinal order.</summary>
    public static readonly string[] OrdinalOrder =
    [
        "B-user",
        "a-user",
        "user-1",
        "user-10",
        "user-2",
        "user-3",
        "user-9",
    ];

    private ApiTestHost? host;

    public HttpClient Client => host!.Client;

    public Uri BaseAddress => host!.Client.BaseAddress!;

    public async Task InitializeAsync()
    {
        OneRosterDocument[] shuffled =
        [
            Documents.User("user-9", "student"),
            Documents.User("user-10", "teacher"),
            Documents.User("a-user", "student"),
            Documents.User("user-2", "student"),
            Documents.User("B-user", "parent"),
            Documents.User("user-1", "student"),
            Documents.User("user-3", "teacher"),
            Documents.Org("not-a-user", "school"),
        ];
        host = await ApiTestHost.StartAsync(shuffled);
    }

    public async Task DisposeAsync()
    {
        if (host is not null)
        {
            await host.DisposeAsync();
        }
    }
}

public sealed class PagingTests(SevenUsersFixture fixture) : IClassFixture<SevenUsersFixture>
{
    private const string Users = "/ims/oneroster/rostering/v1p2/users";

    [Fact]
    public async Task without_parameters_every_user_comes_back_in_ordinal_sourced_id_order()
    {
        using var response = await fixture.Client.GetAsync(Users);

        Assert.Equal(SevenUsersFixture.OrdinalOrder, await SourcedIdsAsync(response, "users"));
        Assert.Equal("7", Header(response, "X-Total-Count"));
    }

    [Fact]
    public async Task limit_and_offset_select_a_window_of_the_ordered_collection()
    {
        using var response = await fixture.Client.GetAsync(Users + "?limit=3&offset=2");

        Assert.Equal(["user-1", "user-10", "user-2"], await SourcedIdsAsync(response, "users"));
        Assert.Equal("7", Header(response, "X-Total-Count"));
    }

    [Fact]
    public async Task consecutive_pages_cover_the_collection_once_without_gaps_or_repeats()
    {
        var seen = new List<string>();
        for (var offset = 0; offset < 7; offset += 2)
        {
            using var response = await fixture.Client.GetAsync($"{Users}?limit=2&offset={offset}");
            seen.AddRange(await SourcedIdsAsync(response, "users"));
        }

        Assert.Equal(SevenUsersFixture.OrdinalOrder, seen);
    }

    [Fact]
    public async Task a_middle_page_links_next_last_first_and_prev_keeping_the_other_parameters()
    {
        using var response = await fixture.Client.GetAsync(
            Users + "?orderBy=asc&limit=2&offset=3&sort=sourcedId"
        );

        var self = new Uri(fixture.BaseAddress, Users) + "?orderBy=asc&sort=sourcedId&";
        Assert.Equal(
            $"<{self}limit=2&offset=5>; rel=\"next\", <{self}limit=2&offset=6>; rel=\"last\", "
                + $"<{self}limit=2&offset=0>; rel=\"first\", <{self}limit=2&offset=1>; rel=\"prev\"",
            Header(response, "Link")
        );
    }

    [Fact]
    public async Task the_first_page_has_no_prev_link_and_the_last_page_has_no_next_link()
    {
        using var first = await fixture.Client.GetAsync(Users + "?limit=3");
        using var last = await fixture.Client.GetAsync(Users + "?limit=3&offset=6");

        var firstRelations = Relations(Header(first, "Link"));
        var lastRelations = Relations(Header(last, "Link"));
        Assert.Equal(["next", "last", "first"], firstRelations);
        Assert.Equal(["last", "first", "prev"], lastRelations);
        Assert.Contains("limit=3&offset=6>; rel=\"last\"", Header(first, "Link"), StringComparison.Ordinal);
        Assert.Equal(["user-9"], await SourcedIdsAsync(last, "users"));
    }

    [Fact]
    public async Task an_offset_past_the_end_gives_an_empty_array_and_still_the_total()
    {
        using var response = await fixture.Client.GetAsync(Users + "?offset=50");

        Assert.Empty(await SourcedIdsAsync(response, "users"));
        Assert.Equal("7", Header(response, "X-Total-Count"));
    }

    [Fact]
    public async Task the_total_of_a_subset_endpoint_counts_only_the_subset()
    {
        using var response = await fixture.Client.GetAsync("/ims/oneroster/rostering/v1p2/students?limit=1");

        Assert.Equal(["a-user"], await SourcedIdsAsync(response, "users"));
        Assert.Equal("4", Header(response, "X-Total-Count"));
    }

    [Theory]
    [InlineData("limit=0")]
    [InlineData("limit=-1")]
    [InlineData("limit=abc")]
    [InlineData("limit=1e3")]
    [InlineData("limit=1.5")]
    [InlineData("limit=%2B5")]
    [InlineData("limit=%205")]
    [InlineData("limit=")]
    [InlineData("limit=99999999999")]
    [InlineData("limit=2&limit=3")]
    [InlineData("offset=-1")]
    [InlineData("offset=x")]
    [InlineData("offset=0&offset=0")]
    public async Task an_invalid_limit_or_offset_is_a_400_invaliddata_status_info(string query)
    {
        using var response = await fixture.Client.GetAsync(Users + "?" + query);

        await StatusInfoAssert.IsErrorAsync(response, HttpStatusCode.BadRequest, "invaliddata");
    }

    [Fact]
    public async Task a_filtered_page_counts_only_matching_rows_and_its_links_keep_the_filter()
    {
        const string filter = "filter=sourcedId%3E%27user%27";
        using var response = await fixture.Client.GetAsync(Users + "?" + filter + "&limit=2");

        Assert.Equal(["user-1", "user-10"], await SourcedIdsAsync(response, "users"));
        Assert.Equal("5", Header(response, "X-Total-Count"));
        Assert.Contains($"{Users}?{filter}&limit=2&offset=2>; rel=\"next\"", Header(response, "Link"));
    }

    internal static async Task<string[]> SourcedIdsAsync(HttpResponseMessage response, string key)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body
            .RootElement.GetProperty(key)
            .EnumerateArray()
            .Select(item => item.GetProperty("sourcedId").GetString()!)
            .ToArray();
    }

    internal static string Header(HttpResponseMessage response, string name) =>
        string.Join(", ", response.Headers.GetValues(name));

    internal static string[] Relations(string link) =>
        link.Split(", ")
            .Select(part => part[(part.IndexOf("rel=\"", StringComparison.Ordinal) + 5)..^1])
            .ToArray();
}
