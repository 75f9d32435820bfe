using OneRoster.Projections.Cli;
using Spectre.Console.Cli;

// The operator's command line: one executable, one command per task (see README, "Operating").
var app = new CommandApp();
app.Configure(config =>
{
    config.SetApplicationName("oneroster");
    config.PropagateExceptions();
    config.AddCommand<VersionCommand>("version").WithDescription("Print the CLI and mapping versions.");
});
return await app.RunAsync(args);
