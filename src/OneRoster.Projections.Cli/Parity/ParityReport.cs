using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OneRoster.Projections.Cli.Parity;

/// <summary>
/// The full parity report as JSON: per class the counts, every differing document with every differing
/// field, and every missing and extra sourcedId. A field absent on one side has no <c>expected</c> (or
/// <c>served</c>) member, so it is told apart from one whose value is <c>null</c>.
/// </summary>
public static class ParityReport
{
    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static JsonObject Build(string api, string expectedFolder, IReadOnlyList<ClassParity> results)
    {
        var classes = new JsonArray();
        foreach (var result in results)
        {
            classes.Add(
                new JsonObject
                {
                    ["class"] = result.Class,
                    ["matches"] = result.AllMatch,
                    ["expected"] = result.Expected,
                    ["served"] = result.Served,
                    ["matching"] = result.Matching,
                    ["differing"] = result.Differing.Count,
                    ["missing"] = result.Missing.Count,
                    ["extra"] = result.Extra.Count,
                    ["tobedeletedNotExpected"] = result.Retired,
                    ["duplicateExpected"] = result.DuplicateExpected,
                    ["duplicateServed"] = result.DuplicateServed,
                    ["differingDocuments"] = new JsonArray([.. result.Differing.Select(Document)]),
                    ["missingSourcedIds"] = new JsonArray([
                        .. result.Missing.Select(id => JsonValue.Create(id)),
                    ]),
                    ["extraSourcedIds"] = new JsonArray([.. result.Extra.Select(id => JsonValue.Create(id))]),
                }
            );
        }
        return new JsonObject
        {
            ["api"] = api,
            ["expectedFolder"] = expectedFolder,
            ["matches"] = results.All(r => r.AllMatch),
            ["notCompared"] = new JsonArray([
                .. ExpectedFolder
                    .Classes.Except(results.Select(r => r.Class))
                    .Select(c => JsonValue.Create(c)),
            ]),
            ["classes"] = classes,
        };
    }

    public static async Task WriteAsync(
        string file,
        string api,
        string expectedFolder,
        IReadOnlyList<ClassParity> results,
        CancellationToken cancellationToken
    ) =>
        await File.WriteAllTextAsync(
            file,
            Build(api, expectedFolder, results).ToJsonString(Indented) + "\n",
            cancellationToken
        );

    private static JsonObject Document(DocumentDifference document) =>
        new()
        {
            ["sourcedId"] = document.SourcedId,
            ["fields"] = new JsonArray([.. document.Fields.Select(Field)]),
        };

    private static JsonObject Field(FieldDifference field)
    {
        var json = new JsonObject { ["path"] = field.Path };
        if (field.InExpected)
        {
            json["expected"] = field.Expected?.DeepClone();
        }
        if (field.InServed)
        {
            json["served"] = field.Served?.DeepClone();
        }
        return json;
    }
}
