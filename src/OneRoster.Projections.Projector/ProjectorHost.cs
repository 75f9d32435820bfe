using MassTransit;
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
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddProjectionStore(postgres);
        builder.Services.AddSingleton<DescriptorMappingDefaults>();
        builder.Services.AddSingleton<Quarantine>();
        builder.Services.AddSingleton<RecomputeScheduler>();
        builder.Services.AddSingleton<SourceStoreApplier>();
        builder.Services.AddSingleton<ProjectionWriter>();
        builder.Services.AddHostedService<RecomputeService>();

        var queue = builder.Configuration[ProjectorQueue.ConfigurationKey] is { Length: > 0 } name
            ? name
            : ProjectorQueue.DefaultName;
        builder.Services.AddMassTransit(bus =>
        {
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
                        endpoint.UseMessageRetry(retry =>
                            retry.Exponential(
                                5,
                                TimeSpan.FromMilliseconds(200),
                                TimeSpan.FromSeconds(10),
                                TimeSpan.FromMilliseconds(500)
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
}
