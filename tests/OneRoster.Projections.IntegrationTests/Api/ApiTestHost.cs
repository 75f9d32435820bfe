using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.IdentityModel.Tokens;
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
        App = app;
        this.store = store;
        Tenant = tenant;
        Client = new HttpClient { BaseAddress = baseAddress };
    }

    public string Tenant { get; }

    public WebApplication App { get; }

    /// <summary>The API's address, for clients other than <see cref="Client"/>.</summary>
    public Uri BaseAddress => Client.BaseAddress!;

    /// <summary>A client without credentials, for the tests of what happens without them.</summary>
    public HttpClient Anonymous() => new() { BaseAddress = BaseAddress };

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

    /// <summary>
    /// Starts the API against a connection string that may point nowhere, with a signing key of the test's
    /// own so that <see cref="Client"/> holds a valid token without asking the database for one.
    /// </summary>
    public static async Task<ApiTestHost> StartWithoutSeedingAsync(string connectionString)
    {
        var key = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);
        var tenant = "api-test-" + Guid.NewGuid().ToString("N");
        var host = await StartAppAsync(
            connectionString,
            tenant,
            null,
            ["--OneRoster:Auth:SigningKey=" + Convert.ToBase64String(key)]
        );
        host.Client.DefaultRequestHeaders.Authorization =
            new System.Net.Http.Headers.AuthenticationHeaderValue(
                "Bearer",
                TestAuth.Mint(new SymmetricSecurityKey(key), TestAuth.TenantClaims(tenant))
            );
        return host;
    }

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
        var host = new ApiTestHost(app, store, tenant, ApiApp.BaseAddress(app));
        // Every test reads as a vendor does: with a token over the whole tenant, unless it says otherwise.
        if (store is not null)
        {
            await TestAuth.AuthorizeAsync(host.Client, app, tenant);
        }

        return host;
    }

    private readonly List<string> otherTenants = [];

    /// <summary>Stores <paramref name="documents"/> in another tenant, removed again on dispose.</summary>
    public async Task SeedTenantAsync(string tenant, IEnumerable<OneRosterDocument> documents)
    {
        otherTenants.Add(tenant);
        await using var session = store!.LightweightSession(tenant);
        session.Store(documents.ToArray());
        await session.SaveChangesAsync();
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
        if (store is not null)
        {
            foreach (var tenant in otherTenants.Append(Tenant))
            {
                await using var session = store.LightweightSession(tenant);
                session.DeleteWhere<OneRosterDocument>(_ => true);
                await session.SaveChangesAsync();
            }

            store.Dispose();
        }
    }
}
