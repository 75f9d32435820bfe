using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;
using OneRoster.Projections.Api;
using OneRoster.Projections.EdFiSandbox;
using OneRoster.Projections.IntegrationTests.Infrastructure;
using OneRoster.Projections.Poller;
using OneRoster.Projections.Projector;

namespace OneRoster.Projections.IntegrationTests.EndToEnd;

/// <summary>
/// The whole product in one test process, every part talking over its real protocol: the Ed-Fi sandbox
/// over HTTP, the poller and projector through RabbitMQ, the projector and API through PostgreSQL.
/// Each pipeline has its own tenant and queue, so pipelines of different tests do not meet.
/// </summary>
public sealed class Pipeline : IAsyncDisposable
{
    private readonly List<IHost> hosts = [];
    private readonly List<WebApplication> webApps = [];
    private readonly Dictionary<IHost, SeverableProxy[]> proxies = [];

    public required string Tenant { get; init; }

    public required string Queue { get; init; }

    public required Uri EdFiBase { get; init; }

    public required Uri ApiBase { get; init; }

    public required WebApplication Sandbox { get; set; }

    public required string Postgres { get; init; }

    public required string RabbitMq { get; init; }

    /// <summary>Extra command-line arguments of every projector this pipeline starts.</summary>
    public string[] ProjectorArguments { get; init; } = [];

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(30) };

    public IHost? Poller { get; private set; }

    public IHost? Projector { get; private set; }

    /// <summary>Extra command-line settings for the API and every projector and poller host (e.g. log levels).</summary>
    public IReadOnlyList<string> HostArgs { get; init; } = [];

    /// <summary>Projector and poller hosts reach PostgreSQL and RabbitMQ through proxies their kill severs.</summary>
    public bool Crashable { get; init; }

    /// <summary>Extra command-line settings for every poller host started (e.g. page size).</summary>
    public IReadOnlyList<string> PollerArgs { get; init; } = [];

    /// <param name="postgres">The database of the projector and API; the tests' shared one when null.</param>
    /// <param name="projectorArguments">Extra command-line arguments of every projector it starts.</param>
    public static async Task<Pipeline> StartAsync(
        SandboxOptions sandboxOptions,
        string tenantPrefix,
        string? postgres = null,
        string[]? projectorArguments = null,
        IReadOnlyList<string>? hostArgs = null,
        IReadOnlyList<string>? pollerArgs = null,
        bool crashable = false
    )
    {
        postgres ??= await TestServices.PostgresAsync();
        var rabbitMq = await TestServices.RabbitMqAsync();
        var tenant = TestServices.NewTenant(tenantPrefix);

        sandboxOptions.Urls = "http://127.0.0.1:0";
        var sandbox = SandboxApp.Build(sandboxOptions);
        await sandbox.StartAsync();

        var api = ApiApp.Build([
            "--urls",
            "http://127.0.0.1:0",
            $"--ConnectionStrings:Postgres={postgres}",
            $"--OneRoster:Tenant={tenant}",
            .. hostArgs ?? [],
        ]);
        await api.StartAsync();

        var pipeline = new Pipeline
        {
            Tenant = tenant,
            Queue = "test-" + tenant,
            EdFiBase = sandbox.BaseAddress(),
            ApiBase = ApiApp.BaseAddress(api),
            Sandbox = sandbox,
            Postgres = postgres,
            RabbitMq = rabbitMq,
            ProjectorArguments = projectorArguments ?? [],
            HostArgs = hostArgs ?? [],
            PollerArgs = pollerArgs ?? [],
            Crashable = crashable,
        };
        pipeline.webApps.Add(sandbox);
        pipeline.webApps.Add(api);
        await TestAuth.AuthorizeAsync(pipeline.Http, api, tenant);
        await pipeline.StartProjectorAsync();
        await pipeline.StartPollerAsync();
        return pipeline;
    }

    public Uri RosteringBase => new(ApiBase, "ims/oneroster/rostering/v1p2/");

    /// <summary>The projector's <c>Projector:HrefBase</c>.</summary>
    public string HrefBase => RosteringBase.ToString().TrimEnd('/');

    public async Task StartProjectorAsync()
    {
        var (postgres, rabbitMq, severable) = Connections();
        Projector = ProjectorHost.Build([
            $"--ConnectionStrings:Postgres={postgres}",
            $"--ConnectionStrings:RabbitMq={rabbitMq}",
            $"--Messaging:ProjectorQueue={Queue}",
            $"--Projector:HrefBase={HrefBase}",
            // Only this pipeline's tenant: other tests' tenants in the shared database are theirs to recompute.
            $"--Projector:Tenants:0={Tenant}",
            "--Projector:RecomputeCheckSeconds=0.5",
            .. HostArgs,
            .. ProjectorArguments,
        ]);
        proxies[Projector] = severable;
        await Projector.StartAsync();
        hosts.Add(Projector);
    }

    public async Task StartPollerAsync()
    {
        var (postgres, rabbitMq, severable) = Connections();
        Poller = PollerHost.Build([
            $"--ConnectionStrings:Postgres={postgres}",
            $"--ConnectionStrings:RabbitMq={rabbitMq}",
            $"--Messaging:ProjectorQueue={Queue}",
            $"--EdFi:BaseUrl={EdFiBase}",
            $"--EdFi:Tenant={Tenant}",
            "--EdFi:PollIntervalSeconds=1",
            .. HostArgs,
            .. PollerArgs,
        ]);
        proxies[Poller] = severable;
        await Poller.StartAsync();
        hosts.Add(Poller);
    }

    /// <summary>Every object of a collection, read page by page as a client would, with its total.</summary>
    public async Task<(List<JsonElement> Items, int Total)> ReadAllAsync(
        string collection,
        string envelope,
        int limit = 100
    )
    {
        var items = new List<JsonElement>();
        var total = -1;
        for (var offset = 0; ; offset += limit)
        {
            using var response = await Http.GetAsync(
                new Uri(RosteringBase, $"{collection}?limit={limit}&offset={offset}")
            );
            response.EnsureSuccessStatusCode();
            total = int.Parse(
                response.Headers.GetValues("X-Total-Count").Single(),
                System.Globalization.CultureInfo.InvariantCulture
            );
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            var page = body.GetProperty(envelope).EnumerateArray().Select(e => e.Clone()).ToList();
            items.AddRange(page);
            if (page.Count < limit)
            {
                return (items, total);
            }
        }
    }

    public async Task<int> TotalAsync(string collection)
    {
        using var response = await Http.GetAsync(new Uri(RosteringBase, $"{collection}?limit=1"));
        if (!response.IsSuccessStatusCode || !response.Headers.TryGetValues("X-Total-Count", out var values))
        {
            return -1;
        }
        return int.Parse(values.Single(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task<JsonElement?> GetAsync(string path)
    {
        using var response = await Http.GetAsync(new Uri(RosteringBase, path));
        return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<JsonElement>() : null;
    }

    /// <summary>Waits until the condition holds, polling; fails the test with the message after the timeout.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException(
                    $"Timed out after {timeout.TotalSeconds:F0} s waiting until {what}."
                );
            }
            await Task.Delay(250);
        }
    }

    /// <summary>
    /// Swaps the Ed-Fi source for another at the same address, as when an ODS is restored from a backup:
    /// the poller sees the same URL with other data and (usually) lower change versions.
    /// </summary>
    public async Task ReplaceSandboxAsync(SandboxOptions options)
    {
        webApps.Remove(Sandbox);
        await Sandbox.StopAsync();
        await Sandbox.DisposeAsync();
        options.Urls = EdFiBase.ToString().TrimEnd('/');
        Sandbox = SandboxApp.Build(options);
        await Sandbox.StartAsync();
        webApps.Add(Sandbox);
    }

    public async Task StopProjectorAsync()
    {
        if (Projector is not null)
        {
            await Projector.StopAsync();
            hosts.Remove(Projector);
            Projector.Dispose();
            foreach (var proxy in proxies.Remove(Projector, out var severable) ? severable : [])
            {
                await proxy.DisposeAsync();
            }
            Projector = null;
        }
    }

    /// <summary>
    /// Stops the projector as abruptly as an in-process host allows: its stop is given an already-cancelled
    /// token, so nothing in flight is waited for, and it is disposed at once.
    /// </summary>
    public async Task KillProjectorAsync()
    {
        if (Projector is { } host)
        {
            Projector = null;
            hosts.Remove(host);
            await KillAsync(host);
        }
    }

    /// <summary>Stops the poller as abruptly as <see cref="KillProjectorAsync"/> stops the projector.</summary>
    public async Task KillPollerAsync()
    {
        if (Poller is { } host)
        {
            Poller = null;
            hosts.Remove(host);
            await KillAsync(host);
        }
    }

    private async Task KillAsync(IHost host)
    {
        // A process that dies loses its connections: the broker puts back what it had not acknowledged and the
        // database rolls back what it had not committed. In-process, a host whose stop was cancelled keeps its
        // connections (and keeps retrying the messages it holds), so a crashable pipeline severs them first.
        if (proxies.Remove(host, out var severable))
        {
            foreach (var proxy in severable)
            {
                proxy.Sever();
            }
        }
        try
        {
            await host.StopAsync(new CancellationToken(canceled: true));
        }
        catch (OperationCanceledException)
        {
            // What an abrupt stop looks like from outside.
        }
        host.Dispose();
        foreach (var proxy in severable ?? [])
        {
            await proxy.DisposeAsync();
        }
    }

    /// <summary>
    /// The connection strings for a new host: the shared ones, or, in a crashable pipeline, new proxies in front
    /// of them that <see cref="KillProjectorAsync"/> and <see cref="KillPollerAsync"/> sever.
    /// </summary>
    private (string Postgres, string RabbitMq, SeverableProxy[] Proxies) Connections()
    {
        if (!Crashable)
        {
            return (Postgres, RabbitMq, []);
        }
        var (postgresProxy, postgres) = SeverableProxy.ForPostgres(Postgres);
        var (rabbitProxy, rabbitMq) = SeverableProxy.ForRabbitMq(RabbitMq);
        return (postgres, rabbitMq, [postgresProxy, rabbitProxy]);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var host in Enumerable.Reverse(hosts))
        {
            await host.StopAsync();
            host.Dispose();
        }
        foreach (var proxy in proxies.Values.SelectMany(p => p))
        {
            await proxy.DisposeAsync();
        }
        foreach (var app in Enumerable.Reverse(webApps))
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
        Http.Dispose();
    }
}
