using System.Diagnostics;
using System.Net;
using OneRoster.Projections.Contracts;
using OneRoster.Projections.EdFi;
using Xunit;

namespace OneRoster.Projections.UnitTests.EdFi;

public sealed class EdFiApiClientTests : IDisposable
{
    private readonly FakeEdFiApi api = new();
    private readonly List<IDisposable> owned = [];

    private EdFiApiClient Client(Action<EdFiClientOptions>? tweak = null, TimeProvider? clock = null)
    {
        var options = new EdFiClientOptions
        {
            BaseUrl = api.Root.ToString(),
            ClientKey = FakeEdFiApi.Key,
            ClientSecret = FakeEdFiApi.Secret,
            RetryBaseDelay = TimeSpan.FromMilliseconds(1),
            MaxRetryDelay = TimeSpan.FromMilliseconds(10),
        };
        tweak?.Invoke(options);
        var http = new HttpClient(api, disposeHandler: false);
        var client = new EdFiApiClient(http, options, clock: clock);
        owned.Add(http);
        owned.Add(client);
        return client;
    }

    private static async Task<List<EdFiPage>> ReadAll(
        EdFiApiClient client,
        string resource,
        ChangeKind kind,
        EdFiChangeWindow window
    )
    {
        var pages = new List<EdFiPage>();
        await foreach (var page in client.ReadPagesAsync(resource, kind, window))
        {
            pages.Add(page);
        }
        return pages;
    }

    [Fact]
    public async Task the_token_is_fetched_once_and_shared_by_every_request()
    {
        api.AddItems("ed-fi/students", 3);
        api.AddItems("ed-fi/schools", 2);
        var client = Client();

        await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => client.GetAvailableChangeVersionsAsync()));
        await ReadAll(client, "students", ChangeKind.Upserts, new(0, 100));
        await ReadAll(client, "schools", ChangeKind.Upserts, new(0, 100));

        Assert.Equal(1, api.TokensIssued);
        var dataCalls = api
            .Requests.Where(r => r.Method == "GET" && r.Path != api.Root.AbsolutePath)
            .ToList();
        Assert.Equal(12, dataCalls.Count);
        Assert.All(dataCalls, r => Assert.Equal("token-1", r.Bearer));
    }

    [Fact]
    public async Task the_token_is_renewed_60_seconds_before_expires_in_runs_out()
    {
        api.ExpiresIn = 600;
        var clock = new ManualClock();
        var client = Client(clock: clock);

        await client.GetAvailableChangeVersionsAsync();
        clock.Advance(TimeSpan.FromSeconds(539));
        await client.GetAvailableChangeVersionsAsync();
        Assert.Equal(1, api.TokensIssued);

        clock.Advance(TimeSpan.FromSeconds(2));
        await client.GetAvailableChangeVersionsAsync();
        Assert.Equal(2, api.TokensIssued);
        Assert.Equal("token-2", api.RequestsTo("availableChangeVersions")[^1].Bearer);
    }

    [Fact]
    public async Task a_401_renews_the_token_once_and_repeats_the_same_request()
    {
        api.AddItems("ed-fi/students", 2);
        var client = Client();
        await client.GetAvailableChangeVersionsAsync();

        api.ExpireAllTokens();
        var pages = await ReadAll(client, "students", ChangeKind.Upserts, new(10, 100));

        Assert.Equal(2, pages.Single().Items.Count);
        Assert.Equal(2, api.TokensIssued);
        var attempts = api.RequestsTo("ed-fi/students");
        Assert.Equal(["token-1", "token-2"], attempts.Select(r => r.Bearer));
        Assert.Equal(attempts[0].Uri, attempts[1].Uri);
    }

    [Fact]
    public async Task a_401_for_a_fresh_token_too_fails_instead_of_renewing_again()
    {
        api.Intercept = (r, _) =>
            Task.FromResult(
                r.Path.EndsWith("availableChangeVersions", StringComparison.Ordinal)
                    ? FakeEdFiApi.Json(HttpStatusCode.Unauthorized, "{}")
                    : null
            );
        var client = Client();

        var error = await Assert.ThrowsAsync<EdFiAuthenticationException>(() =>
            client.GetAvailableChangeVersionsAsync()
        );

        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
        Assert.Equal(2, api.TokensIssued);
        Assert.Equal(2, api.RequestsTo("availableChangeVersions").Count);
    }

    [Fact]
    public async Task wrong_credentials_fail_with_an_authentication_error()
    {
        var client = Client(o => o.ClientSecret = "wrong");

        await Assert.ThrowsAsync<EdFiAuthenticationException>(() => client.GetAvailableChangeVersionsAsync());

        Assert.Equal(0, api.TokensIssued);
        Assert.Single(api.RequestsTo("oauth/token"));
    }

    [Fact]
    public async Task paging_stops_at_the_first_short_page_whatever_total_count_says()
    {
        api.AddItems("ed-fi/students", 1201);
        api.LyingTotalCount = 10;
        var client = Client();

        var pages = await ReadAll(client, "students", ChangeKind.Upserts, new(0, 100));

        Assert.Equal([0, 500, 1000], pages.Select(p => p.Offset));
        Assert.Equal([500, 500, 201], pages.Select(p => p.Items.Count));
        Assert.Equal(3, api.RequestsTo("ed-fi/students").Count);
        Assert.All(api.RequestsTo("ed-fi/students"), r => Assert.Equal("500", r.Query["limit"]));
    }

    [Fact]
    public async Task a_full_last_page_is_followed_by_one_more_read_that_comes_back_empty()
    {
        api.AddItems("ed-fi/students", 1000);
        var client = Client();

        var pages = await ReadAll(client, "students", ChangeKind.Upserts, new(0, 100));

        Assert.Equal([500, 500, 0], pages.Select(p => p.Items.Count));
        Assert.Equal(["0", "500", "1000"], api.RequestsTo("ed-fi/students").Select(r => r.Query["offset"]));
    }

    [Fact]
    public async Task items_are_passed_on_as_the_raw_json_the_source_sent()
    {
        const string item =
            """{"id":"abc","studentUniqueId":"604821","birthDate":"2010-03-14","nested":{"x":[1,2]}}""";
        api.Collections["ed-fi/students"] = [item];
        var client = Client();

        var pages = await ReadAll(client, "students", ChangeKind.Upserts, new(0, 100));

        Assert.Equal(item, Assert.Single(Assert.Single(pages).Items));
    }

    [Fact]
    public async Task an_item_nested_deeper_than_the_default_json_limit_is_passed_on_like_any_other()
    {
        // 100 levels of _ext nesting: more than System.Text.Json's default maximum depth of 64.
        var deep = string.Concat(Enumerable.Repeat("{\"a\":", 100)) + "1" + new string('}', 100);
        var item = $$"""{"id":"deep","studentUniqueId":"604821","_ext":{{deep}}}""";
        api.Collections["ed-fi/students"] = [item];
        var client = Client();

        var pages = await ReadAll(client, "students", ChangeKind.Upserts, new(0, 100));

        Assert.Equal(item, Assert.Single(Assert.Single(pages).Items));
    }

    [Theory]
    [InlineData(ChangeKind.Upserts, "ed-fi/students")]
    [InlineData(ChangeKind.Deletes, "ed-fi/students/deletes")]
    [InlineData(ChangeKind.KeyChanges, "ed-fi/students/keyChanges")]
    public async Task max_change_version_is_always_sent_and_min_only_when_above_zero(
        ChangeKind kind,
        string collection
    )
    {
        api.AddItems(collection, 501);
        var client = Client();

        await ReadAll(client, "students", kind, new(0, 77));
        var fullLoad = api.RequestsTo(collection);
        await ReadAll(client, "students", kind, new(42, 77));
        var window = api.RequestsTo(collection).Skip(fullLoad.Count).ToList();

        Assert.Equal(2, fullLoad.Count);
        Assert.All(fullLoad, r => Assert.Equal("77", r.Query["maxChangeVersion"]));
        Assert.All(fullLoad, r => Assert.False(r.Query.ContainsKey("minChangeVersion")));
        Assert.Equal(2, window.Count);
        Assert.All(window, r => Assert.Equal("77", r.Query["maxChangeVersion"]));
        Assert.All(window, r => Assert.Equal("42", r.Query["minChangeVersion"]));
    }

    [Fact]
    public async Task a_503_is_retried_and_the_read_then_succeeds()
    {
        api.AddItems("ed-fi/students", 3);
        var failures = 2;
        api.Intercept = (r, _) =>
            Task.FromResult(
                r.Path.EndsWith("ed-fi/students", StringComparison.Ordinal)
                && Interlocked.Decrement(ref failures) >= 0
                    ? FakeEdFiApi.Json(HttpStatusCode.ServiceUnavailable, "{}")
                    : null
            );
        var client = Client();

        var pages = await ReadAll(client, "students", ChangeKind.Upserts, new(0, 100));

        Assert.Equal(3, pages.Single().Items.Count);
        Assert.Equal(3, api.RequestsTo("ed-fi/students").Count);
    }

    [Fact]
    public async Task a_429_waits_for_retry_after_before_trying_again()
    {
        api.AddItems("ed-fi/students", 1);
        var failures = 1;
        api.Intercept = (r, _) =>
        {
            if (
                !r.Path.EndsWith("ed-fi/students", StringComparison.Ordinal)
                || Interlocked.Decrement(ref failures) < 0
            )
            {
                return Task.FromResult<HttpResponseMessage?>(null);
            }
            var busy = FakeEdFiApi.Json(HttpStatusCode.TooManyRequests, "{}");
            busy.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(
                TimeSpan.FromSeconds(1)
            );
            return Task.FromResult<HttpResponseMessage?>(busy);
        };
        var client = Client();

        var pages = await ReadAll(client, "students", ChangeKind.Upserts, new(0, 100));

        Assert.Single(pages.Single().Items);
        var attempts = api.RequestsTo("ed-fi/students");
        Assert.Equal(2, attempts.Count);
        var waited = Stopwatch.GetElapsedTime(attempts[0].Timestamp, attempts[1].Timestamp);
        Assert.True(waited >= TimeSpan.FromMilliseconds(950), $"retried after {waited}, before Retry-After");
    }

    [Fact]
    public async Task a_request_that_times_out_is_retried()
    {
        api.AddItems("ed-fi/students", 1);
        var slow = 1;
        api.Intercept = async (r, cancel) =>
        {
            if (
                r.Path.EndsWith("ed-fi/students", StringComparison.Ordinal)
                && Interlocked.Decrement(ref slow) >= 0
            )
            {
                await Task.Delay(TimeSpan.FromSeconds(3), cancel);
            }
            return null;
        };
        var client = Client(o => o.AttemptTimeout = TimeSpan.FromMilliseconds(300));

        var pages = await ReadAll(client, "students", ChangeKind.Upserts, new(0, 100));

        Assert.Single(pages.Single().Items);
        Assert.Equal(2, api.RequestsTo("ed-fi/students").Count);
    }

    [Theory]
    [InlineData(HttpStatusCode.NotFound)]
    [InlineData(HttpStatusCode.Forbidden)]
    public async Task a_resource_the_source_does_not_serve_or_forbids_is_skipped_without_retrying(
        HttpStatusCode status
    )
    {
        api.AddItems("ed-fi/students", 1);
        api.Intercept = (r, _) =>
            Task.FromResult(
                r.Path.EndsWith("ed-fi/students", StringComparison.Ordinal)
                    ? FakeEdFiApi.Json(status, "{}")
                    : null
            );
        var client = Client();

        var pages = await ReadAll(client, "students", ChangeKind.Upserts, new(0, 100));

        Assert.Empty(pages);
        Assert.Single(api.RequestsTo("ed-fi/students"));
    }

    [Fact]
    public async Task a_400_is_neither_retried_nor_skipped()
    {
        api.AddItems("ed-fi/students", 1);
        api.Intercept = (r, _) =>
            Task.FromResult(
                r.Path.EndsWith("ed-fi/students", StringComparison.Ordinal)
                    ? FakeEdFiApi.Json(HttpStatusCode.BadRequest, "{}")
                    : null
            );
        var client = Client();

        var error = await Assert.ThrowsAsync<EdFiApiException>(() =>
            ReadAll(client, "students", ChangeKind.Upserts, new(0, 100))
        );

        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Single(api.RequestsTo("ed-fi/students"));
    }

    [Fact]
    public async Task resource_urls_are_built_from_the_discovery_document_not_a_hard_coded_data_v3()
    {
        var dms = new FakeEdFiApi { DataManagementApi = "data" };
        dms.AddItems("ed-fi/students/deletes", 1);
        using var http = new HttpClient(dms, disposeHandler: false);
        using var client = new EdFiApiClient(
            http,
            new EdFiClientOptions
            {
                BaseUrl = dms.Root.ToString(),
                ClientKey = FakeEdFiApi.Key,
                ClientSecret = FakeEdFiApi.Secret,
            }
        );

        var pages = new List<EdFiPage>();
        await foreach (var page in client.ReadPagesAsync("students", ChangeKind.Deletes, new(5, 9)))
        {
            pages.Add(page);
        }

        Assert.Single(pages.Single().Items);
        Assert.Equal("/api/data/ed-fi/students/deletes", Assert.Single(dms.RequestsTo("deletes")).Path);
    }

    [Fact]
    public async Task discovery_reports_the_data_standard_of_the_ed_fi_data_model()
    {
        var ds4 = new FakeEdFiApi { DataStandardVersion = "4.0.0" };
        using var http = new HttpClient(ds4, disposeHandler: false);
        using var client = new EdFiApiClient(http, new EdFiClientOptions { BaseUrl = ds4.Root.ToString() });

        var discovery = await client.DiscoverAsync();

        Assert.Equal("4.0.0", discovery.DataStandardVersion);
        Assert.Equal(4, discovery.DataStandardMajor);
    }

    [Fact]
    public async Task with_use_snapshot_every_change_query_carries_the_header()
    {
        api.AddItems("ed-fi/students", 1);
        var client = Client(o => o.UseSnapshot = true);

        await client.GetAvailableChangeVersionsAsync();
        await ReadAll(client, "students", ChangeKind.Upserts, new(0, 100));

        Assert.True(client.SnapshotActive);
        Assert.All(api.Requests.Where(r => r.Method == "GET" && r.Path != api.Root.AbsolutePath), r =>
            Assert.True(r.Snapshot)
        );
        Assert.All(api.RequestsTo("oauth/token"), r => Assert.False(r.Snapshot));
    }

    [Fact]
    public async Task a_source_without_snapshot_is_read_without_one_after_it_answers_404()
    {
        api.SnapshotAvailable = false;
        api.NewestChangeVersion = 321;
        api.AddItems("ed-fi/students", 1);
        var client = Client(o => o.UseSnapshot = true);

        var versions = await client.GetAvailableChangeVersionsAsync();
        var pages = await ReadAll(client, "students", ChangeKind.Upserts, new(0, 321));

        Assert.Equal(321, versions.NewestChangeVersion);
        Assert.False(client.SnapshotActive);
        Assert.Equal([true, false], api.RequestsTo("availableChangeVersions").Select(r => r.Snapshot));
        Assert.False(Assert.Single(api.RequestsTo("ed-fi/students")).Snapshot);
        Assert.Single(pages.Single().Items);
    }

    [Fact]
    public async Task a_snapshot_that_disappears_between_pages_fails_the_read_instead_of_going_on_with_live_data()
    {
        api.AddItems("ed-fi/students", 5);
        api.Intercept = (r, _) =>
        {
            if (r.Query.GetValueOrDefault("offset") == "2")
            {
                api.SnapshotAvailable = false;
            }
            return Task.FromResult<HttpResponseMessage?>(null);
        };
        var client = Client(o =>
        {
            o.UseSnapshot = true;
            o.PageSize = 2;
        });
        await client.GetAvailableChangeVersionsAsync();

        await Assert.ThrowsAsync<EdFiSnapshotLostException>(() =>
            ReadAll(client, "students", ChangeKind.Upserts, new(0, 100))
        );

        Assert.False(client.SnapshotActive);
        Assert.DoesNotContain(api.RequestsTo("ed-fi/students"), r => r.Query["offset"] == "4");
    }

    [Theory]
    [InlineData("", "an empty body")]
    [InlineData("[{\"id\":", "not JSON")]
    [InlineData("{}", "not an array")]
    public async Task a_page_that_is_no_json_array_fails_the_read_and_says_which_request(
        string body,
        string says
    )
    {
        api.AddItems("ed-fi/students", 3);
        api.Intercept = (r, _) =>
            Task.FromResult(
                r.Path.EndsWith("ed-fi/students", StringComparison.Ordinal)
                    ? FakeEdFiApi.Json(HttpStatusCode.OK, body)
                    : null
            );
        var client = Client();

        var error = await Assert.ThrowsAsync<EdFiUnreadableResponseException>(() =>
            ReadAll(client, "students", ChangeKind.Upserts, new(0, 100))
        );

        Assert.Contains(says, error.Message, StringComparison.Ordinal);
        Assert.Contains("students", error.Message, StringComparison.Ordinal);
        Assert.Single(api.RequestsTo("ed-fi/students"));
    }

    [Fact]
    public async Task the_dependency_document_is_read_as_the_lowest_order_per_resource()
    {
        api.DependenciesJson = """
            [{"resource":"/ed-fi/schools","order":2,"operations":["Create","Update"]},
             {"resource":"/ed-fi/students","order":3,"operations":["Create"]},
             {"resource":"/ed-fi/studentSchoolAssociations","order":13,"operations":["Create","Update"]},
             {"resource":"/ed-fi/students","order":14,"operations":["Update"]},
             {"resource":"/tpdm/candidates","order":5,"operations":["Create"]}]
            """;
        var client = Client();

        var orders = await client.GetDependencyOrderAsync();

        Assert.NotNull(orders);
        Assert.Equal(3, orders["students"]);
        Assert.Equal(2, orders["schools"]);
        Assert.Equal(13, orders["STUDENTSCHOOLASSOCIATIONS"]);
        Assert.Equal(5, orders["tpdm/candidates"]);
    }

    [Fact]
    public async Task a_missing_dependency_document_means_no_order_rather_than_a_failure()
    {
        var client = Client();

        Assert.Null(await client.GetDependencyOrderAsync());
    }

    public void Dispose()
    {
        foreach (var item in owned)
        {
            item.Dispose();
        }
        api.Dispose();
    }
}
