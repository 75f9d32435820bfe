using System.Text.Json.Nodes;

namespace OneRoster.Projections.EdFiSandbox;

/// <summary>
/// GET / (the ODS 7.3 root document) and GET /metadata/data/v3/dependencies. No auth, like ODS.
/// </summary>
internal static class DiscoveryEndpoints
{
    public static void MapDiscovery(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", (HttpRequest request, SandboxStore store) =>
            Results.Json(Root(request, store.Standard))
        );
        app.MapGet("/metadata/data/v3/dependencies", (SandboxStore store) =>
            Results.Json(DependencyOrder.For(store.Definitions.Values.Select(d => d.Name)))
        );
    }

    private static JsonObject Root(HttpRequest request, DataStandard standard)
    {
        var root = $"{request.Scheme}://{request.Host}{request.PathBase}";
        var (version, description) =
            standard == DataStandard.Ds40
                ? ("4.0.0", "The Ed-Fi Data Standard v4.0")
                : ("5.2.0", "The Ed-Fi Data Standard v5.2.0");
        return new JsonObject
        {
            ["version"] = "7.3",
            ["informationalVersion"] = "7.3",
            ["suite"] = "3",
            ["build"] = "7.3.10436.0",
            ["dataModels"] = new JsonArray(
                new JsonObject
                {
                    ["name"] = "Ed-Fi",
                    ["version"] = version,
                    ["informationalVersion"] = description,
                }
            ),
            ["urls"] = new JsonObject
            {
                ["dependencies"] = root + "/metadata/data/v3/dependencies",
                ["openApiMetadata"] = root + "/metadata/",
                ["oauth"] = root + "/oauth/token",
                ["oauthTokenIntrospection"] = root + "/oauth/token_info",
                ["dataManagementApi"] = root + "/data/v3/",
                ["xsdMetadata"] = root + "/metadata/xsd",
                ["changeQueries"] = root + "/changeQueries/v1/",
                ["composites"] = root + "/composites/v1/",
                ["identity"] = root + "/identity/v2/",
            },
        };
    }
}
