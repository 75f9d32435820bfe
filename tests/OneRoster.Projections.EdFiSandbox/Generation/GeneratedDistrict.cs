using System.Text.Json.Nodes;

namespace OneRoster.Projections.EdFiSandbox;

/// <summary>
/// The items of a generated district, per resource, in the shapes GET returns (without server metadata).
/// </summary>
public sealed class GeneratedDistrict
{
    private readonly Dictionary<string, List<JsonObject>> _resources = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, List<JsonObject>> Resources => _resources;

    public int Count(string resource) => _resources.TryGetValue(resource, out var items) ? items.Count : 0;

    public void Add(string resource, JsonObject item)
    {
        if (!_resources.TryGetValue(resource, out var items))
        {
            _resources[resource] = items = [];
        }
        items.Add(item);
    }

    /// <summary>Writes one {resource}.jsonl per resource, the layout the sandbox loads with --data.</summary>
    public void WriteJsonLines(string folder)
    {
        Directory.CreateDirectory(folder);
        foreach (var (resource, items) in _resources)
        {
            File.WriteAllLines(
                Path.Combine(folder, resource + ".jsonl"),
                items.Select(i => i.ToJsonString())
            );
        }
    }
}
