using OneRoster.Projections.Projector;

await ProjectorHost.Build(args).RunAsync();
