using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OneRoster.Projections.EdFi;

namespace OneRoster.Projections.Poller;

/// <summary>
/// Runs one <see cref="SyncLoop"/> per configured Ed-Fi source, each with its own client (and so its own
/// token and snapshot state). Today the configuration holds one source, the <c>EdFi</c> section.
/// </summary>
public sealed class PollerWorker(
    IOptions<EdFiSourceOptions> sourceOptions,
    IHttpClientFactory httpClients,
    ICheckpointStore checkpoints,
    IChangePublisher publisher,
    ILoggerFactory loggers,
    TimeProvider time
) : BackgroundService
{
    public const string HttpClientName = "EdFi";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        IReadOnlyList<EdFiSourceOptions> sources = [sourceOptions.Value];
        var clients = new List<EdFiApiClient>();
        try
        {
            var loops = new List<Task>();
            foreach (var source in sources)
            {
                source.Validate();
                var client = new EdFiApiClient(
                    httpClients.CreateClient(HttpClientName),
                    source.ToClientOptions(),
                    loggers.CreateLogger<EdFiApiClient>()
                );
                clients.Add(client);
                var loop = new SyncLoop(
                    source,
                    client,
                    checkpoints,
                    publisher,
                    loggers.CreateLogger<SyncLoop>(),
                    time
                );
                loops.Add(loop.RunAsync(stoppingToken));
            }
            await Task.WhenAll(loops);
        }
        finally
        {
            foreach (var client in clients)
            {
                client.Dispose();
            }
        }
    }
}
