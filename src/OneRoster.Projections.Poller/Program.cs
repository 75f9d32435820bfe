using OneRoster.Projections.Poller;

using var host = PollerHost.Build(args);
await host.RunAsync();
