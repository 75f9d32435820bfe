using System.Net;
using System.Text.Json;
using Xunit;

namespace OneRoster.Projections.IntegrationTests.Api;

/// <summary>Routes around the collections: unknown paths, discovery, Swagger and health.</summary>
public sealed class ServiceEndpointTests(RosterFixture fixture) : IClassFixture<RosterFixture>
{
    [Theory]
    [InlineData("/ims/oneroster/rostering/v1p2/shoes")]
    [InlineData("/ims/oneroster/rostering/v1p2/")]
    [InlineData("/ims/oneroster/rostering/v1p2/users/student-1/demographics")]
    public async Task an_unknown_route_under_the_base_path_is_a_404_status_info(string path)
    {
        using var response = await fixture.Client.GetAsync(path);

        await StatusInfoAssert.IsErrorAsync(response, HttpStatusCode.NotFound, "unknownobject");
    }

    [Fact]
    public async Task a_write_method_on_a_collection_is_refused_with_a_status_info_body()
    {
        using var response = await fixture.Client.PostAsync(
            "/ims/oneroster/rostering/v1p2/users",
            new StringContent("{}")
        );

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("unsupported", body.RootElement.GetProperty("imsx_codeMajor").GetString());
        Assert.Equal("error", body.RootElement.GetProperty("imsx_severity").GetString());
    }

    [Fact]
    public async Task the_discovery_document_at_the_root_lists_the_absolute_rostering_base_url()
    {
        using var body = JsonDocument.Parse(await fixture.Client.GetStringAsync("/"));

        var rostering = body.RootElement.GetProperty("services").GetProperty("rostering").GetString();
        Assert.Equal(
            new Uri(fixture.Client.BaseAddress!, "/ims/oneroster/rostering/v1p2").ToString(),
            rostering
        );
        Assert.Equal(12, body.RootElement.GetProperty("endpoints").GetArrayLength());
    }

    [Fact]
    public async Task the_openapi_document_names_every_served_operation_as_the_official_document_does()
    {
        var documentUrl = JsonDocument
            .Parse(await fixture.Client.GetStringAsync("/"))
            .RootElement.GetProperty("openApi")
            .GetString()!;
        using var document = JsonDocument.Parse(await fixture.Client.GetStringAsync(documentUrl));

        var operationIds = document
            .RootElement.GetProperty("paths")
            .EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject())
            .Select(operation => operation.Value.GetProperty("operationId").GetString()!)
            .Order(StringComparer.Ordinal)
            .ToArray();
        Assert.Equal(OfficialOpenApi.OperationIds, operationIds);
        var limit = document
            .RootElement.GetProperty("paths")
            .GetProperty("/ims/oneroster/rostering/v1p2/users")
            .GetProperty("get")
            .GetProperty("parameters")
            .EnumerateArray()
            .Single(parameter => parameter.GetProperty("name").GetString() == "limit");
        Assert.Equal("query", limit.GetProperty("in").GetString());
    }

    [Fact]
    public async Task swagger_ui_is_served_under_swagger()
    {
        using var response = await fixture.Client.GetAsync("/swagger");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("swagger-ui", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task health_is_200_healthy_when_postgresql_answers()
    {
        using var response = await fixture.Client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Healthy", body.RootElement.GetProperty("status").GetString());
    }
}

/// <summary>The API pointed at a PostgreSQL port where nothing listens.</summary>
public sealed class UnreachableDatabaseTests
{
    private const string NowhereConnectionString =
        "Host=127.0.0.1;Port=1;Database=nowhere;Username=nobody;Password=nothing;Timeout=3";

    [Fact]
    public async Task health_is_503_when_postgresql_does_not_answer()
    {
        await using var host = await ApiTestHost.StartWithoutSeedingAsync(NowhereConnectionString);

        using var response = await host.Client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
    }

    [Fact]
    public async Task a_failing_query_is_a_500_status_info_without_exception_details()
    {
        await using var host = await ApiTestHost.StartWithoutSeedingAsync(NowhereConnectionString);

        using var response = await host.Client.GetAsync("/ims/oneroster/rostering/v1p2/users");

        var body = await response.Content.ReadAsStringAsync();
        await StatusInfoAssert.IsErrorAsync(
            response,
            HttpStatusCode.InternalServerError,
            "internal_server_error"
        );
        Assert.DoesNotContain("Npgsql", body, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", body, StringComparison.Ordinal);
    }
}
