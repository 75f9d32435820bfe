using System.Reflection;
using Spectre.Console;
using Spectre.Console.Cli;

namespace OneRoster.Projections.Cli;

/// <summary>Prints the build's version, so an operator can tell which CLI talks to which database.</summary>
public sealed class VersionCommand : Command
{
    public override int Execute(CommandContext context, CancellationToken cancellationToken)
    {
        var version = typeof(VersionCommand)
            .Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()
            ?.InformationalVersion
            ?? "unknown";
        AnsiConsole.MarkupLineInterpolated($"oneroster {version}");
        return 0;
    }
}
