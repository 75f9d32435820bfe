using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Marten;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using NpgsqlTypes;
using OneRoster.Projections.Api;
using OneRoster.Projections.Api.Querying;
using OneRoster.Projections.Api.Requests;
using OneRoster.Projections.Api.Security;
using OneRoster.Projections.IntegrationTests.Infrastructure;
using OneRoster.Projections.Storage;
using Xunit;

namespace OneRoster.Projections.IntegrationTests.Api;

/// <summary>
/// A district-sized tenant: 20,000 users, 40,000 enrollments and 800 classes, of which 100 users changed
/// after 2026-01-01 and the rest during 2025. Enrollment i places user i mod 20,000 in class i mod 800.
/// Beside it a neighbouring district of 120,000 enrollments, as in a deployment serving several districts
/// (alone in the table, a tenant is the whole table and scanning it is a fair plan). Stored with Marten's
/// bulk insert, then vacuumed and analyzed.
/// </summary>
public sealed class LargeTenantFixture : IAsyncLifetime
{
    public const int Users = 20_000;
    public static readonly DateTimeOffset Cut = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private ApiTestHost? host;

    private readonly string neighbour = "neighbour-" + Guid.NewGuid().ToString("N");

    public ApiTestHost Host => host!;

    public async Task InitializeAsync()
    {
        host = await ApiTestHost.StartAsync([Documents.Org("district-1", "district")]);
        var connectionString = await TestServices.PostgresAsync();
        using var store = DocumentStore.For(options => ProjectionStore.Configure(options, connectionString));

        var documents = new List<OneRosterDocument>();
        var year = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < Users; i++)
        {
            var user = Documents.User($"user-{i:D5}", i % 20 == 0 ? "teacher" : "student");
            // Every 200th user (100 of them) changed after the cut, spread over the sourcedId range.
            user.DateLastModified = i % 200 == 0 ? Cut.AddHours(1 + (i % 48)) : year.AddMinutes(i * 20);
            documents.Add(user);
        }

        for (var i = 0; i < 800; i++)
        {
            documents.Add(Documents.Class($"class-{i:D4}"));
        }

        for (var i = 0; i < 2 * Users; i++)
        {
            documents.Add(
                Documents.Enrollment(
                    $"enrollment-{i:D5}",
                    "student",
                    $"user-{i % Users:D5}",
                    $"class-{i % 800:D4}"
                )
            );
        }

        await store.BulkInsertAsync(host.Tenant, documents, Weasel.Core.BulkInsertMode.InsertsOnly);
        var neighbouring = Enumerable
            .Range(0, 120_000)
            .Select(i =>
                Documents.Enrollment($"n-{i:D6}", "student", $"n-user-{i % 30_000}", $"n-class-{i % 900}")
            )
            .ToList();
        await store.BulkInsertAsync(neighbour, neighbouring, Weasel.Core.BulkInsertMode.InsertsOnly);
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        // As autovacuum leaves a table at rest: statistics gathered and the visibility map set.
        await using var analyze = dataSource.CreateCommand(
            $"vacuum analyze {ProjectionStore.Schema}.mt_doc_onerosterdocument"
        );
        await analyze.ExecuteNonQueryAsync();
    }

    public async Task DisposeAsync()
    {
        if (host is not null)
        {
            await host.DisposeAsync();
        }

        await using var dataSource = NpgsqlDataSource.Create(await TestServices.PostgresAsync());
        await using var delete = dataSource.CreateCommand(
            $"delete from {ProjectionStore.Schema}.mt_doc_onerosterdocument where tenant_id = $1"
        );
        delete.Parameters.AddWithValue(neighbour);
        await delete.ExecuteNonQueryAsync();
    }
}

/// <summary>
/// The plans PostgreSQL picks for the statements the API sends: taken from the API's own reader (the SQL
/// and parameters of a real request), explained with those parameters, and checked to read the document
/// table through the tenant's indexes instead of scanning it.
/// </summary>
public sealed class QueryPlanTests(LargeTenantFixture fixture) : IClassFixture<LargeTenantFixture>
{
    private const string Table = "mt_doc_onerosterdocument";
    private const string Delta = "filter=dateLastModified>'2026-01-01T00:00:00Z'";

    [Fact]
    public async Task the_api_serves_exactly_the_changed_users_for_the_delta_filter()
    {
        // The statements explained below are those of this request.
        using var response = await fixture.Host.Client.GetAsync(
            "/ims/oneroster/rostering/v1p2/users?limit=1000&" + Delta
        );
        response.EnsureSuccessStatusCode();
        Assert.Equal("100", response.Headers.GetValues("X-Total-Count").Single());
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(100, body.GetProperty("users").GetArrayLength());
    }

    [Fact]
    public async Task the_delta_count_reads_the_delta_index()
    {
        var plan = await ExplainAsync(Delta + "&limit=100", statements => statements.CountSql);
        AssertReadsThrough(plan, "ix_onerosterdocument_delta");
    }

    [Fact]
    public async Task the_delta_page_reads_the_delta_index()
    {
        var plan = await ExplainAsync(Delta + "&limit=100", statements => statements.PageSql);
        AssertReadsThrough(plan, "ix_onerosterdocument_delta");
    }

    [Fact]
    public async Task the_delta_page_reads_the_delta_index_in_the_plan_a_prepared_statement_reuses()
    {
        // The API's connections prepare their statements; PostgreSQL may then plan once for any values.
        var plan = await ExplainAsync(Delta + "&limit=100", statements => statements.PageSql, generic: true);
        AssertReadsThrough(plan, "ix_onerosterdocument_delta");
    }

    [Fact]
    public async Task the_delta_count_reads_the_delta_index_in_the_plan_a_prepared_statement_reuses()
    {
        var plan = await ExplainAsync(Delta + "&limit=100", statements => statements.CountSql, generic: true);
        AssertReadsThrough(plan, "ix_onerosterdocument_delta");
    }

    [Fact]
    public async Task the_first_page_of_users_walks_the_paging_index()
    {
        var plan = await ExplainAsync("limit=100", statements => statements.PageSql);
        AssertReadsThrough(plan, "ix_onerosterdocument_paging");
    }

    [Fact]
    public async Task a_page_deep_in_the_users_reads_an_index_of_the_tenant_and_class()
    {
        // Past most of the class, collecting the matches and sorting them may beat walking 15,000 entries.
        var plan = await ExplainAsync("limit=100&offset=15000", statements => statements.PageSql);
        AssertReadsThrough(plan, "ix_onerosterdocument_paging", "ix_onerosterdocument_delta");
    }

    [Fact]
    public async Task the_users_count_reads_the_kept_count_not_the_documents()
    {
        var plan = await ExplainAsync("limit=100&offset=15000", statements => statements.CountSql);
        Assert.DoesNotContain(plan, node => Text(node, "Relation Name") == Table);
        AssertReadsThrough(plan, "document_counts_pkey");
    }

    [Fact]
    public async Task a_filtered_count_reads_an_index_of_the_tenant_and_class()
    {
        var plan = await ExplainAsync("limit=100&filter=familyName='Family'", statements =>
            statements.CountSql
        );
        AssertReadsThrough(plan, "ix_onerosterdocument_paging", "ix_onerosterdocument_delta");
    }

    [Theory]
    [InlineData("users", "20000")]
    [InlineData("students", "19000")]
    [InlineData("teachers", "1000")]
    [InlineData("classes", "800")]
    [InlineData("enrollments", "40000")]
    public async Task the_total_count_of_a_whole_collection_is_its_number_of_documents(
        string collection,
        string expected
    )
    {
        using var response = await fixture.Host.Client.GetAsync(
            $"/ims/oneroster/rostering/v1p2/{collection}?limit=1"
        );
        response.EnsureSuccessStatusCode();
        Assert.Equal(expected, response.Headers.GetValues("X-Total-Count").Single());
    }

    [Fact]
    public async Task the_api_serves_exactly_the_students_of_a_class()
    {
        // Enrollments 7, 807, 1607, … are class-0007's; i and i + 20,000 enroll the same user.
        var expected = Enumerable
            .Range(0, 2 * LargeTenantFixture.Users)
            .Where(i => i % 800 == 7)
            .Select(i => $"user-{i % LargeTenantFixture.Users:D5}")
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();
        using var response = await fixture.Host.Client.GetAsync(
            "/ims/oneroster/rostering/v1p2/classes/class-0007/students?limit=1000"
        );
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var served = body.GetProperty("users")
            .EnumerateArray()
            .Select(user => user.GetProperty("sourcedId").GetString()!)
            .ToList();
        Assert.Equal(expected, served);
        Assert.Equal("25", response.Headers.GetValues("X-Total-Count").Single());
    }

    [Fact]
    public async Task the_students_of_a_class_are_found_through_the_related_ids_index()
    {
        var plan = await ExplainAsync(
            "limit=100",
            statements => statements.PageSql,
            studentsOfClass: "class-0007"
        );
        AssertReadsThrough(plan, RelatedIdsIndex);
    }

    [Fact]
    public async Task the_students_of_a_class_are_counted_through_the_related_ids_index()
    {
        var plan = await ExplainAsync(
            "limit=100",
            statements => statements.CountSql,
            studentsOfClass: "class-0007"
        );
        AssertReadsThrough(plan, RelatedIdsIndex);
    }

    [Fact]
    public async Task the_students_of_a_class_are_found_through_the_index_in_the_plan_a_prepared_statement_reuses()
    {
        var plan = await ExplainAsync(
            "limit=100",
            statements => statements.PageSql,
            generic: true,
            studentsOfClass: "class-0007"
        );
        AssertReadsThrough(plan, RelatedIdsIndex);
    }

    private const string RelatedIdsIndex = "mt_doc_onerosterdocument_idx_related_ids";

    private static void AssertReadsThrough(List<JsonElement> nodes, params string[] indexes)
    {
        var described = string.Join(
            "; ",
            nodes.Select(node =>
                $"{Text(node, "Node Type")} {Text(node, "Relation Name")} {Text(node, "Index Name")}"
            )
        );
        Assert.False(
            nodes.Any(node => Text(node, "Node Type") == "Seq Scan" && Text(node, "Relation Name") == Table),
            $"Expected no scan of the whole table; the plan is: {described}"
        );
        Assert.True(
            nodes.Any(node =>
                Text(node, "Node Type") is "Index Scan" or "Index Only Scan" or "Bitmap Index Scan"
                && indexes.Contains(Text(node, "Index Name"))
            ),
            $"Expected a read through {string.Join(" or ", indexes)}; the plan is: {described}"
        );
    }

    /// <summary>
    /// Every node of the plan PostgreSQL picks for one of the request's statements: for its values, or
    /// with <paramref name="generic"/> the plan a prepared statement keeps for any values.
    /// </summary>
    private async Task<List<JsonElement>> ExplainAsync(
        string queryString,
        Func<PageStatements, string> statement,
        bool generic = false,
        string? studentsOfClass = null
    )
    {
        var app = fixture.Host.App;
        using var scope = app.Services.CreateScope();
        var services = scope.ServiceProvider;
        services.GetRequiredService<RequestAccess>().Grant(fixture.Host.Tenant, null);
        var users = RosteringCollections.All.Single(collection => collection.Path == "users");
        var request = new GetCollection(
            users,
            QueryParameters.From(new QueryCollection(QueryHelpers.ParseQuery(queryString)))
        );
        Assert.True(
            (
                await services
                    .GetRequiredService<FluentValidation.IValidator<IRosteringRequest>>()
                    .ValidateAsync(request)
            ).IsValid
        );
        // As the nested endpoint's handler asks: the relationship's condition over its parent id.
        Func<RelationSql, string>? related = studentsOfClass is null
            ? null
            : sql =>
                Relationships
                    .All.Single(relationship => relationship.OperationId == "getStudentsForClass")
                    .Condition(sql, [sql.Parameters.Add(studentsOfClass)]);
        var (query, page) = DocumentQuery.For(
            request,
            users,
            services.GetRequiredService<ApiSettings>(),
            related
        );
        var statements = await services
            .GetRequiredService<DocumentReader>()
            .PageStatementsAsync(query, page, CancellationToken.None);

        await using var connection = await services
            .GetRequiredService<NpgsqlDataSource>()
            .OpenConnectionAsync();
        var json = generic
            ? await ExplainGenericAsync(connection, statement(statements), statements.Parameters)
            : await ExplainCustomAsync(connection, statement(statements), statements.Parameters);

        // A generic plan compares with the placeholders ($1 is the tenant), a custom one with the values.
        Assert.Equal(generic, json.Contains("$1", StringComparison.Ordinal));
        using var document = JsonDocument.Parse(json);
        var nodes = new List<JsonElement>();
        Collect(document.RootElement[0].GetProperty("Plan").Clone(), nodes);
        return nodes;
    }

    private static async Task<string> ExplainCustomAsync(
        NpgsqlConnection connection,
        string sql,
        SqlParameters parameters
    )
    {
        await using var command = new NpgsqlCommand("explain (format json) " + sql, connection);
        parameters.CopyTo(command);
        return (string)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>The statement prepared in SQL (placeholders $1…), explained as executed under a generic plan.</summary>
    private static async Task<string> ExplainGenericAsync(
        NpgsqlConnection connection,
        string sql,
        SqlParameters parameters
    )
    {
        var numbered = Regex.Replace(sql, "@p([0-9]+)", match =>
            "$" + (int.Parse(match.Groups[1].Value) + 1)
        );
        var used = Regex.Matches(sql, "@p([0-9]+)").Max(match => int.Parse(match.Groups[1].Value)) + 1;
        await using var values = new NpgsqlCommand();
        parameters.CopyTo(values);
        var types = string.Join(
            ", ",
            values
                .Parameters.Take(used)
                .Select(parameter =>
                    parameter.NpgsqlDbType switch
                    {
                        NpgsqlDbType.Text => "text",
                        NpgsqlDbType.Integer => "integer",
                        NpgsqlDbType.TimestampTz => "timestamptz",
                        NpgsqlDbType.Array | NpgsqlDbType.Bigint => "bigint[]",
                        var other => throw new InvalidOperationException($"No SQL type for {other}"),
                    }
                )
        );
        // EXPLAIN EXECUTE takes no protocol parameters: the values go in as literals.
        var arguments = string.Join(
            ", ",
            values
                .Parameters.Take(used)
                .Select(parameter =>
                    parameter.Value switch
                    {
                        string text => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'",
                        int number => number.ToString(System.Globalization.CultureInfo.InvariantCulture),
                        DateTimeOffset instant => "'"
                            + instant.ToString("O", System.Globalization.CultureInfo.InvariantCulture)
                            + "'",
                        var other => throw new InvalidOperationException($"No literal for {other}"),
                    }
                )
        );
        await using (
            var prepare = new NpgsqlCommand(
                $"set plan_cache_mode = force_generic_plan; prepare plan_test({types}) as {numbered}",
                connection
            )
        )
        {
            await prepare.ExecuteNonQueryAsync();
        }

        try
        {
            await using var command = new NpgsqlCommand(
                $"explain (format json) execute plan_test({arguments})",
                connection
            );
            return (string)(await command.ExecuteScalarAsync())!;
        }
        finally
        {
            await using var cleanup = new NpgsqlCommand(
                "deallocate plan_test; reset plan_cache_mode",
                connection
            );
            await cleanup.ExecuteNonQueryAsync();
        }
    }

    private static void Collect(JsonElement node, List<JsonElement> nodes)
    {
        nodes.Add(node);
        if (node.TryGetProperty("Plans", out var children))
        {
            foreach (var child in children.EnumerateArray())
            {
                Collect(child, nodes);
            }
        }
    }

    private static string? Text(JsonElement node, string name) =>
        node.TryGetProperty(name, out var value) ? value.GetString() : null;
}
