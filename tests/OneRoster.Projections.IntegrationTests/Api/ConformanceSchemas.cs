using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace OneRoster.Projections.IntegrationTests.Api;

/// <summary>
/// The official OpenAPI's response schemas as JSON Schemas (components moved under <c>$defs</c>),
/// including every <c>additionalProperties: false</c>. The projected variant drops the objects'
/// <c>required</c> lists, since <c>fields</c> may legitimately leave required fields out; unknown and
/// misspelled keys and wrong types still fail it.
/// </summary>
public static class ConformanceSchemas
{
    private static readonly Dictionary<string, JsonSchema> Cache = [];
    private static int built;

    /// <summary>The schema of the 200 (or any status) response of an operation.</summary>
    public static JsonSchema ForResponse(string operationId, string status, bool projected)
    {
        var operation = OfficialOpenApi.Document["paths"]!
            .AsObject()
            .SelectMany(path => path.Value!.AsObject())
            .Single(op => op.Value!["operationId"]!.GetValue<string>() == operationId)
            .Value!;
        var responses = operation["responses"]!.AsObject();
        var response = responses[status] ?? responses["default"]!;
        var reference = response["content"]!["application/json"]!["schema"]!["$ref"]!.GetValue<string>();
        return Named(reference.Split('/')[^1], projected);
    }

    public static JsonSchema Named(string name, bool projected)
    {
        lock (Cache)
        {
            var key = name + (projected ? "|projected" : "");
            if (Cache.TryGetValue(key, out var cached))
            {
                return cached;
            }

            var definitions = OfficialOpenApi.Document["components"]!["schemas"]!.DeepClone().AsObject();
            if (projected)
            {
                foreach (var (schemaName, definition) in definitions)
                {
                    if (
                        !schemaName.EndsWith("SetDType", StringComparison.Ordinal)
                        && !schemaName.StartsWith("Single", StringComparison.Ordinal)
                    )
                    {
                        definition!.AsObject().Remove("required");
                    }
                }
            }

            var root = new JsonObject
            {
                ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
                ["$ref"] = "#/$defs/" + name,
                ["$defs"] = definitions,
            };
            var text = root.ToJsonString()
                .Replace("#/components/schemas/", "#/$defs/", StringComparison.Ordinal);
            var id = Interlocked.Increment(ref built);
            var schema = JsonSchema.FromText(
                text,
                BuildOptions.Default,
                new Uri($"https://conformance.test/{id}/{Uri.EscapeDataString(key)}")
            );
            Cache[key] = schema;
            return schema;
        }
    }

    /// <returns>Each violation as "instance location: message", empty when the document conforms.</returns>
    public static IReadOnlyList<string> Violations(JsonSchema schema, string json)
    {
        using var document = JsonDocument.Parse(json);
        var results = schema.Evaluate(
            document.RootElement,
            new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true }
        );
        if (results.IsValid)
        {
            return [];
        }

        return
        [
            .. (results.Details ?? [results])
                .Where(detail => detail.Errors is { Count: > 0 })
                .SelectMany(detail =>
                    detail.Errors!.Select(error =>
                        $"{detail.InstanceLocation} ({detail.EvaluationPath}): {error.Value}"
                    )
                )
                .Distinct(),
        ];
    }
}
