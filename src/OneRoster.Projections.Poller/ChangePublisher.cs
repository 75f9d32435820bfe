using MassTransit;
using OneRoster.Projections.Contracts;

namespace OneRoster.Projections.Poller;

/// <summary>Hands pages to the bus. A returned task completes only once the broker has confirmed the message.</summary>
public interface IChangePublisher
{
    Task PublishPageAsync(EdFiChangePageV1 page, CancellationToken cancellationToken);

    Task PublishWindowCompletedAsync(EdFiChangeWindowCompletedV1 completed, CancellationToken cancellationToken);
}

/// <summary>
/// MassTransit on RabbitMQ: publisher confirms are on by default, so <c>Publish</c> completes after the
/// broker's ack. Pages are optionally <c>mandatory</c>: a page no queue receives comes back as an error
/// instead of being acknowledged and discarded.
/// </summary>
public sealed class MassTransitChangePublisher(IBus bus, bool mandatoryPages) : IChangePublisher
{
    public Task PublishPageAsync(EdFiChangePageV1 page, CancellationToken cancellationToken) =>
        mandatoryPages
            ? bus.Publish(page, context => MakeMandatory(context), cancellationToken)
            : bus.Publish(page, cancellationToken);

    public Task PublishWindowCompletedAsync(EdFiChangeWindowCompletedV1 completed, CancellationToken cancellationToken) =>
        bus.Publish(completed, cancellationToken);

    private static void MakeMandatory(PublishContext context)
    {
        if (context is RabbitMqSendContext rabbit)
        {
            rabbit.Mandatory = true;
        }
        else if (context.TryGetPayload<RabbitMqSendContext>(out var payload))
        {
            payload.Mandatory = true;
        }
    }
}
