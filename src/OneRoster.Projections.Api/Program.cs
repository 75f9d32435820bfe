using OneRoster.Projections.Api;

var app = ApiApp.Build(args);
await app.RunAsync();
