using OneRoster.Projections.Cli;
using Spectre.Console;

namespace OneRoster.Projections.IntegrationTests.Cli;

/// <summary>Runs <c>oneroster</c> as the executable does, on a plain console the test reads.</summary>
internal static class CliRunner
{
    public static async Task<(int Exit, string Output)> RunAsync(params string[] args)
    {
        using var writer = new StringWriter();
        var console = AnsiConsole.Create(
            new AnsiConsoleSettings
            {
                Ansi = AnsiSupport.No,
                ColorSystem = ColorSystemSupport.NoColors,
                Interactive = InteractionSupport.No,
                Out = new AnsiConsoleOutput(writer),
            }
        );
        console.Profile.Width = 400;
        var exit = await OneRosterCli.Create(console).RunAsync(args);
        return (exit, writer.ToString());
    }
}
