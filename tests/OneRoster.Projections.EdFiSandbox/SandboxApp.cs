using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace OneRoster.Projections.EdFiSandbox;

/// <summary>
/// Builds the sandbox web app: an imitation of an Ed-Fi ODS/API 7.3 (DS 5.2 or 4.0) with Change Queries.
/// </summary>
public static class SandboxApp
{
    public static WebApplication Build(SandboxOptions options, string[]? args = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args ?? [] });
        builder.WebHost.UseUrls(options.Urls);
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        builder.Logging.AddFilter("System", LogLevel.Warning);

        var clock = options.Clock ?? TimeProvider.System;
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(CreateStore(options, clock));
        builder.Services.AddSingleton(
            new TokenService(options.ClientKey, options.ClientSecret, options.TokenLifetime, clock)
        );
        builder.Services.AddSingleton<SandboxFaults>();

        var app = builder.Build();
        app.UseMiddleware<FaultGate>();
        app.UseMiddleware<ApiGate>();
        app.MapTokenEndpoint();
        app.MapDiscovery();
        app.MapChangeQueries();
        app.MapWrites();
        app.MapAdmin();
        app.MapFaults();
        return app;
    }

    /// <summary>The address the server really listens on (after StartAsync), ending with '/'.</summary>
    public static Uri BaseAddress(this WebApplication app)
    {
        var addresses = app
            .Services.GetRequiredService<IServer>()
            .Features.Get<IServerAddressesFeature>()
            ?.Addresses;
        var first = addresses?.FirstOrDefault()
            ?? throw new InvalidOperationException(
                "The sandbox is not listening yet; call StartAsync first."
            );
        return new Uri(first.TrimEnd('/') + "/");
    }

    /// <summary>The sandbox's in-memory ODS, for tests that change data without HTTP.</summary>
    public static SandboxStore Store(this WebApplication app) =>
        app.Services.GetRequiredService<SandboxStore>();

    /// <summary>The sandbox's fault switches, for tests that arm them without HTTP.</summary>
    public static SandboxFaults Faults(this WebApplication app) =>
        app.Services.GetRequiredService<SandboxFaults>();

    private static SandboxStore CreateStore(SandboxOptions options, TimeProvider clock)
    {
        if (options.DataFolder is { } folder)
        {
            return DataLoader.LoadFolder(folder, clock);
        }
        var store = new SandboxStore(DataStandard.Ds52, clock);
        if (options.GenerateStudents is { } students)
        {
            DataLoader.LoadAll(store, DistrictGenerator.Generate(students, options.Seed).Resources);
        }
        return store;
    }
}
