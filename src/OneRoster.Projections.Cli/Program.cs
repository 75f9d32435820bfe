using OneRoster.Projections.Cli;

return await OneRosterCli.Create().RunAsync(args);
