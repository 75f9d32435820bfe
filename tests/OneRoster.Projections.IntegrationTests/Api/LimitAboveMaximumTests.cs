using Xunit;

namespace OneRoster.Projections.IntegrationTests.Api;

/// <summary>Five orgs served with a maximum page size of two.</summary>
public sealed class SmallMaximumFixture : IAsyncLifetime
{
    private ApiTestHost? host;

    public HttpClient Client => host!.Client;

    public async Task InitializeAsync() =>
        host = await ApiTestHost.StartAsync(
            new[] { "org-1", "org-2", "org-3", "org-4", "org-5" }.Select(id => Documents.Org(id, "school")),
            "--OneRoster:MaxLimit=2"
        );

    public async Task DisposeAsync()
    {
        if (host is not null)
        {
            await host.DisposeAsync();
        }
    }
}

public sealed class LimitAboveMaximumTests(SmallMaximumFixture fixture) : IClassFixture<SmallMaximumFixture>
{
    [Fact]
    public async Task a_limit_above_the_maximum_serves_the_maximum_with_a_next_link_and_the_full_total()
    {
        using var response = await fixture.Client.GetAsync(
            "/ims/oneroster/rostering/v1p2/schools?limit=1000"
        );

        Assert.Equal(["org-1", "org-2"], await PagingTests.SourcedIdsAsync(response, "orgs"));
        Assert.Equal("5", PagingTests.Header(response, "X-Total-Count"));
        Assert.Contains(
            "limit=2&offset=2>; rel=\"next\"",
            PagingTests.Header(response, "Link"),
            StringComparison.Ordinal
        );
    }

    [Fact]
    public async Task following_next_links_from_an_oversized_limit_reaches_every_row()
    {
        var seen = new List<string>();
        var url = "/ims/oneroster/rostering/v1p2/orgs?limit=1000";
        for (var hops = 0; url is not null && hops < 10; hops++)
        {
            using var response = await fixture.Client.GetAsync(url);
            seen.AddRange(await PagingTests.SourcedIdsAsync(response, "orgs"));
            url = PagingTests
                .Header(response, "Link")
                .Split(", ")
                .Where(part => part.EndsWith("rel=\"next\"", StringComparison.Ordinal))
                .Select(part => part[1..part.IndexOf('>', StringComparison.Ordinal)])
                .FirstOrDefault();
        }

        Assert.Equal(["org-1", "org-2", "org-3", "org-4", "org-5"], seen);
    }
}
