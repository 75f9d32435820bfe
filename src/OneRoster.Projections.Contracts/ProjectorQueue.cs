namespace OneRoster.Projections.Contracts;

/// <summary>
/// Where change pages go. The poller sends to this queue by name rather than publishing to the message
/// exchanges, so that the durable queue exists (and holds the pages) even before any projector ever
/// started: a publish with no bound queue would be confirmed by the broker and then dropped.
/// </summary>
public static class ProjectorQueue
{
    public const string ConfigurationKey = "Messaging:ProjectorQueue";

    public const string DefaultName = "oneroster-projector";

    public static Uri Address(string name) => new("queue:" + name);
}
