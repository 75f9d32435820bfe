using MassTransit;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OneRoster.Projections.Contracts;
using OneRoster.Projections.Storage;

namespace OneRoster.Projections.Poller;

/// <summary>
/// Builds the poller process: configuration (appsettings, environment, command line), Marten for the
/// checkpoint, MassTransit on RabbitMQ for the pages (sent to the queue named by
/// <c>Messaging:ProjectorQueue</c>), and the <see cref="PollerWorker"/>. Program.cs and tests share it.
/// </summary>
public static class PollerHost
{
    public static IHost Build(string[] args, Action<HostApplicationBuilder>? configure = null)
    {
        // appsettings.json ships next to the binary; do not depend on the directory the process starts in.
        var builder = Host.CreateApplicationBuilder(
            new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory }
        );
        var configuration = builder.Configuration;
        var services = builder.Services;

        services.Configure<EdFiSourceOptions>(configuration.GetSection(EdFiSourceOptions.Section));
        services.Configure<PollerTenantsOptions>(configuration.GetSection(EdFiSourceOptions.Section));
        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpClient(PollerWorker.HttpClientName, client =>
            client.Timeout = Timeout.InfiniteTimeSpan
        );
        services.AddSingleton<ICheckpointStore, MartenCheckpointStore>();
        services.AddSingleton<IChangePublisher>(sp =>
        {
            var queue = configuration[ProjectorQueue.ConfigurationKey] is { Length: > 0 } name
                ? name
                : ProjectorQueue.DefaultName;
            return new MassTransitChangePublisher(sp.GetRequiredService<IBus>(), queue);
        });
        services.AddHostedService<PollerWorker>();

        // After the poller's own services (so a test can replace them), before the connection strings are
        // read (so a test can supply them as configuration too).
        configure?.Invoke(builder);

        var postgres = ConnectionSettings.Postgres(configuration);
        var rabbitMq = ConnectionSettings.RabbitMq(configuration);

        services.AddProjectionStore(postgres);
        services.AddMassTransit(x =>
        {
            // Nothing about a district's deployment leaves its network.
            x.ConfigureUsageTelemetryOptions(options => options.Enabled = false);
            x.UsingRabbitMq(
                (context, cfg) =>
                {
                    cfg.Host(new Uri(rabbitMq));
                    cfg.ConfigureEndpoints(context);
                }
            );
        });
        services.Configure<MassTransitHostOptions>(options => options.WaitUntilStarted = true);

        return builder.Build();
    }
}
