using System.Globalization;

namespace OneRoster.Projections.Benchmarks;

/// <summary><c>--name value</c> pairs after the command.</summary>
internal sealed class Arguments
{
    private readonly Dictionary<string, string> values = new(StringComparer.Ordinal);

    public static Arguments Parse(string[] args)
    {
        var parsed = new Arguments();
        for (var i = 1; i + 1 < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                throw new ArgumentException($"Expected --name value, found '{args[i]}'.");
            }
            parsed.values[args[i][2..]] = args[i + 1];
        }
        return parsed;
    }

    public string Text(string name) =>
        values.TryGetValue(name, out var value)
            ? value
            : throw new ArgumentException($"--{name} is required.");

    public string Text(string name, string fallback) => values.GetValueOrDefault(name, fallback);

    public int Int(string name, int fallback) =>
        values.TryGetValue(name, out var value) ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;

    public double Double(string name, double fallback) =>
        values.TryGetValue(name, out var value)
            ? double.Parse(value, CultureInfo.InvariantCulture)
            : fallback;
}
