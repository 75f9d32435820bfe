using MassTransit;
using OneRoster.Projections.Contracts;

namespace OneRoster.Projections.Poller;

/// <summary>Hands pages to the bus. A returned task completes only once the broker has confirmed the message.</summary>
public interface IChangePublisher
{
    Task PublishPageAsync(EdFiChangePageV1 page, CancellationToken cancellationToken);

    Task PublishWindowCompletedAsync(
        EdFiChangeWindowCompletedV1 completed,
        CancellationToken cancellationToken
    );
}

/// <summary>
/// MassTransit on RabbitMQ. Messages are sent to the projector's durable queue by name
/// (<see cref="ProjectorQueue"/>): sending declares the queue, so pages wait there even when no projector
/// ever started, where a publish to an exchange with no queue bound would be confirmed and then dropped.
/// Publisher confirms are on by default, so a send completes after the broker's ack.
/// </summary>
public sealed class MassTransitChangePublisher(IBus bus, string queueName) : IChangePublisher
{
    private readonly Uri address = ProjectorQueue.Address(queueName);
    private ISendEndpoint? endpoint;

    public async Task PublishPageAsync(EdFiChangePageV1 page, CancellationToken cancellationToken) =>
        await (await EndpointAsync()).Send(page, cancellationToken);

    public async Task PublishWindowCompletedAsync(
        EdFiChangeWindowCompletedV1 completed,
        CancellationToken cancellationToken
    ) => await (await EndpointAsync()).Send(completed, cancellationToken);

    // MassTransit caches send endpoints itself; keeping ours saves the lookup per page.
    private async Task<ISendEndpoint> EndpointAsync() => endpoint ??= await bus.GetSendEndpoint(address);
}
