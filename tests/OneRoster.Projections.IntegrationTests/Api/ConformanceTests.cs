using System.Net;
using System.Text.Json;
using Xunit;

namespace OneRoster.Projections.IntegrationTests.Api;

/// <summary>
/// Every operation of the official OneRoster 1.2 Rostering OpenAPI, asked with and without fields,
/// filter, sort and paging, against the projected Grand Bend sample: each response must validate
/// against the operation's schema, additionalProperties:false included.
/// </summary>
public sealed class ConformanceTests(GrandBendApiFixture fixture) : IClassFixture<GrandBendApiFixture>
{
    private const string Base = "/ims/oneroster/rostering/v1p2";

    private static readonly string[] CollectionQueries =
    [
        "",
        "fields=sourcedId,status,metadata",
        "filter=status%3D%27active%27",
        "filter=dateLastModified%3E%3D%272024-05-01%27%20AND%20sourcedId!%3D%27none%27",
        "sort=dateLastModified&orderBy=desc",
        "sort=sourcedId&orderBy=desc&limit=2&offset=1",
    ];

    private static readonly string[] SingleQueries = ["", "fields=sourcedId,dateLastModified"];

    public static TheoryData<string, string, string> Requests()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var (operationId, template) in Operations())
        {
            var queries = template.EndsWith("{sourcedId}", StringComparison.Ordinal)
                ? SingleQueries
                : CollectionQueries;
            foreach (var query in queries)
            {
                data.Add(operationId, template, query);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task every_operation_answers_with_its_official_schema(
        string operationId,
        string template,
        string query
    )
    {
        using var response = await fixture.Client.GetAsync(
            Url(template) + (query.Length > 0 ? "?" + query : "")
        );
        var body = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {body}");
        var projected = query.StartsWith("fields=", StringComparison.Ordinal);
        var schema = ConformanceSchemas.ForResponse(operationId, "200", projected);
        Assert.Empty(ConformanceSchemas.Violations(schema, body));
        using var document = JsonDocument.Parse(body);
        var payload = Assert.Single(document.RootElement.EnumerateObject()).Value;
        var objects =
            payload.ValueKind == JsonValueKind.Array ? [.. payload.EnumerateArray()] : new[] { payload };
        if (!query.Contains("offset=", StringComparison.Ordinal))
        {
            Assert.NotEmpty(objects);
        }
        if (projected)
        {
            var asked = query["fields=".Length..].Split(',');
            Assert.All(objects, item =>
                Assert.All(item.EnumerateObject(), p => Assert.Contains(p.Name, asked))
            );
        }
    }

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task head_answers_like_get_without_a_body(string operationId, string template, string query)
    {
        var url = Url(template) + (query.Length > 0 ? "?" + query : "");
        using var get = await fixture.Client.GetAsync(url);
        using var head = await fixture.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, url));

        Assert.Equal(get.StatusCode, head.StatusCode);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
        Assert.Equal(Header(get, "X-Total-Count"), Header(head, "X-Total-Count"));
        Assert.Equal(Header(get, "Link"), Header(head, "Link"));
        Assert.NotNull(operationId);
    }

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task an_unknown_id_in_any_path_is_a_404_in_the_official_error_schema(
        string operationId,
        string template,
        string query
    )
    {
        if (!template.Contains('{', StringComparison.Ordinal) || query.Length > 0)
        {
            return;
        }

        using var response = await fixture.Client.GetAsync(Url(template, unknown: true));

        await StatusInfoAssert.IsErrorAsync(response, HttpStatusCode.NotFound, "unknownobject");
        var schema = ConformanceSchemas.ForResponse(operationId, "404", projected: false);
        Assert.Empty(ConformanceSchemas.Violations(schema, await response.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task an_invalid_filter_is_a_400_in_the_official_error_schema()
    {
        using var response = await fixture.Client.GetAsync(Base + "/users?filter=shoeSize%3D%2742%27");

        await StatusInfoAssert.IsErrorAsync(response, HttpStatusCode.BadRequest, "invalid_filter_field");
        var schema = ConformanceSchemas.ForResponse("getAllUsers", "400", projected: false);
        Assert.Empty(ConformanceSchemas.Violations(schema, await response.Content.ReadAsStringAsync()));
    }

    [Fact]
    public void the_schemas_reject_an_extra_key_so_a_pass_means_something()
    {
        var schema = ConformanceSchemas.ForResponse("getAllOrgs", "200", projected: true);
        const string extra = """{"orgs":[{"sourcedId":"a","shoeSize":"42"}]}""";

        Assert.NotEmpty(ConformanceSchemas.Violations(schema, extra));
    }

    private static IEnumerable<(string OperationId, string Template)> Operations() =>
        OfficialOpenApi.Document["paths"]!
            .AsObject()
            .SelectMany(path =>
                path.Value!.AsObject()
                    .Select(operation => (operation.Value!["operationId"]!.GetValue<string>(), path.Key))
            )
            .OrderBy(operation => operation.Item1, StringComparer.Ordinal);

    private string Url(string template, bool unknown = false)
    {
        var segments = template.Trim('/').Split('/');
        for (var i = 0; i < segments.Length; i++)
        {
            if (segments[i] is ['{', .. var name, '}'])
            {
                segments[i] = unknown
                    ? "no-such-id"
                    : fixture.Ids[name == "sourcedId" ? segments[i - 1] : name];
            }
        }

        return Base + "/" + string.Join('/', segments);
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;
}
