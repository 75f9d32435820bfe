using System.Text.Json.Nodes;
using OneRoster.Projections.IntegrationTests.Infrastructure;

namespace OneRoster.Projections.IntegrationTests.Api;

/// <summary>The official 1EdTech OneRoster 1.2 Rostering OpenAPI, kept in shared/conformance beside the repository.</summary>
public static class OfficialOpenApi
{
    private const string FileName = "oneroster-v1p2-rostering-openapi.json";

    private static readonly Lazy<JsonObject> Lazy = new(() =>
        JsonNode.Parse(File.ReadAllText(FilePath))!.AsObject()
    );

    public static JsonObject Document => Lazy.Value;

    public static string FilePath
    {
        get
        {
            var besideRepository = Path.Combine(
                TestData.RepositoryRoot(),
                "..",
                "shared",
                "conformance",
                FileName
            );
            return File.Exists(besideRepository)
                ? besideRepository
                : Path.Combine("/work/shared/conformance", FileName);
        }
    }

    /// <summary>Every operationId of the official document.</summary>
    public static IReadOnlyList<string> OperationIds =>
        [
            .. Document["paths"]!
                .AsObject()
                .SelectMany(path => path.Value!.AsObject())
                .Select(operation => operation.Value!["operationId"]!.GetValue<string>())
                .Order(StringComparer.Ordinal),
        ];
}
