using MassTransit;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;
using OneRoster.Projections.Contracts;
using OneRoster.Projections.Storage;

namespace OneRoster.Projections.Projector;

/// <summary>Builds the projector process: RabbitMQ consumers, the source store and the recompute loop.</summary>
public static class ProjectorHost
{
    public static IHost Build(string[] args, Action<HostApplicationBuilder>? configure = null)
    {
        var builder = Host.CreateApplicationBuilder(
            new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory }
        );
        configure?.Invoke(builder);
        var postgres = ConnectionSettings.Postgres(builder.Configuration);
        var rabbitMq = ConnectionSettings.RabbitMq(builder.Configuration);

        builder.Services.Configure<ProjectorOptions>(builder.Configuration.GetSection("Projector"));
        builder.Services.AddProjectionStore(postgres);
        builder.Services.AddProjectorCore(postgres);
        builder.Services.AddHostedService<RecomputeService>();

        var queue = builder.Configuration[ProjectorQueue.ConfigurationKey] is { Length: > 0 } name
            ? name
            : ProjectorQueue.DefaultName;
        builder.Services.AddMassTransit(bus =>
        {
            // Nothing about a district's deployment leaves its network.
            bus.ConfigureUsageTelemetryOptions(options => options.Enabled = false);
            bus.AddConsumer<ChangePageConsumer>();
            bus.AddConsumer<ChangeWindowCompletedConsumer>();
            bus.UsingRabbitMq(
                (context, rabbit) =>
                {
                    rabbit.Host(new Uri(rabbitMq));
                    rabbit.ReceiveEndpoint(queue, endpoint =>
                    {
                        // One page at a time per instance: pages of one record from different windows
                        // must not race between load and store. Several instances still need a
                        // per-record guard.
                        endpoint.ConcurrentMessageLimit = 1;
                        endpoint.PrefetchCount = 4;
                        // Unreadable records are quarantined, not thrown, so what fails here is the
                        // database or the broker: keep retrying for about 15 minutes, holding the queue
                        // (the order of pages matters), before the page goes to the error queue.
                        endpoint.UseMessageRetry(retry =>
                            retry.Intervals(
                                TimeSpan.FromSeconds(1),
                                TimeSpan.FromSeconds(5),
                                TimeSpan.FromSeconds(15),
                                TimeSpan.FromSeconds(30),
                                TimeSpan.FromSeconds(60),
                                TimeSpan.FromMinutes(2),
                                TimeSpan.FromMinutes(5),
                                TimeSpan.FromMinutes(5)
                            )
                        );
                        endpoint.ConfigureConsumer<ChangePageConsumer>(context);
                        endpoint.ConfigureConsumer<ChangeWindowCompletedConsumer>(context);
                    });
                }
            );
        });
        return builder.Build();
    }

    /// <summary>
    /// What applies pages and recomputes documents, without the bus and the Marten store (the host and
    /// tests register those themselves).
    /// </summary>
    public static IServiceCollection AddProjectorCore(this IServiceCollection services, string postgres)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(_ => NpgsqlDataSource.Create(postgres));
        services.AddSingleton<DescriptorMappingDefaults>();
        services.AddSingleton<Quarantine>();
        services.AddSingleton<SourceStoreApplier>();
        services.AddSingleton<ProjectionWriter>();
        return services;
    }
}
