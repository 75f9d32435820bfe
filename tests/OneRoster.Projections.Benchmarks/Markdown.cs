using System.Globalization;

namespace OneRoster.Projections.Benchmarks;

/// <summary>Writes the figures as Markdown rows, each beside its target and whether it met it.</summary>
internal static class Markdown
{
    public static void Heading(string title) => Console.WriteLine($"\n### {title}\n");

    public static void Line(string text) => Console.WriteLine(text);

    public static void FigureHeader()
    {
        Console.WriteLine("| figure | measured | target | met |");
        Console.WriteLine("|---|---|---|---|");
    }

    /// <summary>A figure with a lower bound (higher is better).</summary>
    public static void AtLeast(string figure, double value, string unit, double target) =>
        Row(figure, value, unit, $"≥ {Number(target)} {unit}", value >= target);

    /// <summary>A figure with an upper bound (lower is better).</summary>
    public static void Below(string figure, double value, string unit, double target) =>
        Row(figure, value, unit, $"< {Number(target)} {unit}", value < target);

    public static void Info(string figure, string value) => Console.WriteLine($"| {figure} | {value} | | |");

    private static void Row(string figure, double value, string unit, string target, bool met) =>
        Console.WriteLine($"| {figure} | {Number(value)} {unit} | {target} | {(met ? "yes" : "**no**")} |");

    public static string Number(double value) =>
        value >= 100 ? value.ToString("#,0", CultureInfo.InvariantCulture)
        : value >= 10 ? value.ToString("0.0", CultureInfo.InvariantCulture)
        : value.ToString("0.00", CultureInfo.InvariantCulture);

    public static void Progress(string message) =>
        Console.Error.WriteLine($"[{DateTime.UtcNow:HH:mm:ss}] {message}");
}
