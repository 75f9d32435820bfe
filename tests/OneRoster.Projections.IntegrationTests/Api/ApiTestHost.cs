using Marten;
using Microsoft.AspNetCore.Builder;
using OneRoster.Projections.Api;
using OneRoster.Projections.IntegrationTests.Infrastructure;
using OneRoster.Projections.Storage;

namespace OneRoster.Projections.IntegrationTests.Api;

/// <summary>
/// The query API on a random loopback port over real HTTP, reading a tenant of its own in the real
/// PostgreSQL, so test classes never see each other's documents.
/// </summary>
public sealed class ApiTestHost : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly DocumentStore? store;

    private ApiTestHost(WebApplication app, DocumentStore? store, string tenant, Uri baseAddress)
    {
        this.app = app;
        this.store = store;
        Tenant = tenant;
        Client = new HttpClient { BaseAddress = baseAddress };
    }

    public string Tenant { get; }

    public HttpClient Client { get; }

    /// <summary>Stores <paramref name="documents"/> in a fresh tenant, then starts the API on it.</summary>
    public static async Task<ApiTestHost> StartAsync(
        IEnumerable<OneRosterDocument> documents,
        params string[] extraArguments
    )
    {
        var tenant = "api-test-" + Guid.NewGuid().ToString("N");
        var connectionString = await TestServices.PostgresAsync();
        var store = DocumentStore.For(options => ProjectionStore.Configure(options, connectionString));
        await using (var session = store.LightweightSession(tenant))
        {
            session.Store(documents.ToArray());
            await session.SaveChangesAsync();
        }

        return await StartAppAsync(connectionString, tenant, store, extraArguments);
    }

    /// <summary>Starts the API against a connection string that may point nowhere.</summary>
    public static Task<ApiTestHost> StartWithoutSeedingAsync(string connectionString) =>
        StartAppAsync(connectionString, "api-test-" + Guid.NewGuid().ToString("N"), null, []);

    private static async Task<ApiTestHost> StartAppAsync(
        string connectionString,
        string tenant,
        DocumentStore? store,
        string[] extraArguments
    )
    {
        string[] arguments =
        [
            "--urls",
            "http://127.0.0.1:0",
            "--ConnectionStrings:Postgres=" + connectionString,
            "--OneRoster:Tenant=" + tenant,
            "--Logging:LogLevel:Default=Warning",
            .. extraArguments,
        ];
        var app = ApiApp.Build(arguments);
        await app.StartAsync();
        return new ApiTestHost(app, store, tenant, ApiApp.BaseAddress(app));
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
        if (store is not null)
        {
            await using (var session = store.LightweightSession(Tenant))
            {
                session.DeleteWhere<OneRosterDocument>(_ => true);
                await session.SaveChangesAsync();
            }

            store.Dispose();
        }
    }
}
