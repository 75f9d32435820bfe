using System.Text.Json;
using System.Text.Json.Nodes;

namespace OneRoster.Projections.Cli.Parity;

/// <summary>
/// A folder of expected OneRoster documents: <c>{class}.jsonl</c>, one served object per line (blank lines
/// are skipped). A class without its file is not compared.
/// </summary>
public static class ExpectedFolder
{
    /// <summary>The seven rostering classes, in the order of the report.</summary>
    public static IReadOnlyList<string> Classes { get; } =
    ["orgs", "academicSessions", "courses", "classes", "enrollments", "users", "demographics"];

    /// <summary>The documents of every class that has a file; classes without one are left out.</summary>
    /// <exception cref="ParityException">The folder does not exist, has no class file, or a line is bad.</exception>
    public static async Task<IReadOnlyDictionary<string, List<JsonNode?>>> ReadAsync(
        string folder,
        CancellationToken cancellationToken
    )
    {
        if (!Directory.Exists(folder))
        {
            throw new ParityException($"The expected folder {folder} does not exist.");
        }

        var documents = new Dictionary<string, List<JsonNode?>>(StringComparer.Ordinal);
        foreach (var @class in Classes)
        {
            var file = Path.Combine(folder, @class + ".jsonl");
            if (File.Exists(file))
            {
                documents[@class] = await ReadFileAsync(file, cancellationToken);
            }
        }
        if (documents.Count == 0)
        {
            throw new ParityException(
                $"The expected folder {folder} holds none of "
                    + string.Join(", ", Classes.Select(c => c + ".jsonl"))
                    + "."
            );
        }
        return documents;
    }

    private static async Task<List<JsonNode?>> ReadFileAsync(string file, CancellationToken cancellationToken)
    {
        var documents = new List<JsonNode?>();
        var number = 0;
        foreach (var line in await File.ReadAllLinesAsync(file, cancellationToken))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            JsonNode? document;
            try
            {
                document = JsonNode.Parse(line);
            }
            catch (JsonException ex)
            {
                throw new ParityException($"{file}:{number} is not JSON: {ex.Message}");
            }
            if (
                document is not JsonObject obj
                || !obj.TryGetPropertyValue("sourcedId", out var id)
                || id?.GetValueKind() != JsonValueKind.String
            )
            {
                throw new ParityException($"{file}:{number} is not an object with a string sourcedId.");
            }
            documents.Add(document);
        }
        return documents;
    }
}

/// <summary>A problem the operator can fix (bad options, an unreachable API, a bad file); exit code 2.</summary>
public sealed class ParityException(string message, Exception? inner = null) : Exception(message, inner);
