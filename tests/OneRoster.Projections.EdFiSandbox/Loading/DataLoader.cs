using System.Text.Json.Nodes;

namespace OneRoster.Projections.EdFiSandbox;

/// <summary>
/// Fills a store from JSON-lines files ({resource}.jsonl, one item per line) or from generated items, in
/// dependency order so change versions follow a plausible load.
/// </summary>
public static class DataLoader
{
    /// <summary>
    /// A folder holding parents.jsonl or studentParentAssociations.jsonl is Data Standard 4.0; else 5.2.
    /// </summary>
    public static DataStandard DetectStandard(string folder) =>
        File.Exists(Path.Combine(folder, "parents.jsonl"))
        || File.Exists(Path.Combine(folder, "studentParentAssociations.jsonl"))
            ? DataStandard.Ds40
            : DataStandard.Ds52;

    public static SandboxStore LoadFolder(string folder, TimeProvider? clock = null)
    {
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"Sandbox data folder '{folder}' does not exist.");
        }
        var store = new SandboxStore(DetectStandard(folder), clock);
        var files = Directory
            .GetFiles(folder, "*.jsonl")
            .ToDictionary(f => Path.GetFileNameWithoutExtension(f), f => f, StringComparer.OrdinalIgnoreCase);
        foreach (var resource in InLoadOrder(files.Keys))
        {
            if (store.ResolveResource(resource) is not { } name)
            {
                throw new InvalidDataException(
                    $"'{resource}.jsonl' is not a {store.Standard} resource the sandbox knows."
                );
            }
            store.Load(name, ReadLines(files[resource]));
        }
        return store;
    }

    public static void LoadAll(SandboxStore store, IReadOnlyDictionary<string, List<JsonObject>> resources)
    {
        foreach (var resource in InLoadOrder(resources.Keys))
        {
            store.Load(resource, resources[resource]);
        }
    }

    private static IEnumerable<string> InLoadOrder(IEnumerable<string> resources) =>
        resources.OrderBy(DependencyOrder.LevelOf).ThenBy(r => r, StringComparer.Ordinal);

    private static IEnumerable<JsonObject> ReadLines(string path)
    {
        var number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            yield return JsonNode.Parse(line) as JsonObject
                ?? throw new InvalidDataException(
                    $"{Path.GetFileName(path)} line {number} is not a JSON object."
                );
        }
    }
}
