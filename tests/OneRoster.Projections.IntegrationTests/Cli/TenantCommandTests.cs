using Marten;
using OneRoster.Projections.IntegrationTests.Infrastructure;
using OneRoster.Projections.Storage;
using OneRoster.Projections.Storage.Security;
using Xunit;

namespace OneRoster.Projections.IntegrationTests.Cli;

/// <summary>
/// <c>oneroster tenants remove</c> deletes a tenant's data and API clients: it must not do so by accident
/// for a tenant the poller's configuration brings back, or for a name nobody added.
/// </summary>
public sealed class TenantCommandTests
{
    [Fact]
    public async Task removing_a_configured_or_unknown_tenant_needs_force_and_keeps_its_clients_until_then()
    {
        // A database of its own: a poller of another test, in the shared one, removes every tenant of
        // configuration origin its own configuration does not name, this one included.
        var postgres = await TestServices.FreshDatabaseAsync("tenant_commands");
        using var store = DocumentStore.For(o => ProjectionStore.Configure(o, postgres));
        var tenants = new Tenants(store);
        var clients = new ApiClients(store, TimeProvider.System);
        var configured = TestServices.NewTenant("configured");
        await tenants.AddAsync(
            new TenantDefinition
            {
                Id = configured,
                BaseUrl = "http://127.0.0.1:9/",
                ClientKey = "key",
                ClientSecret = "secret",
                Origin = TenantDefinition.FromConfiguration,
            },
            CancellationToken.None
        );
        var client = await clients.CreateAsync(configured, "vendor", [], null, CancellationToken.None);
        async Task<bool> ClientKeptAsync() =>
            (await clients.ListAsync(configured, CancellationToken.None)).Any(c => c.Id == client.Client.Id);

        var refused = (
            await CliRunner.RunAsync("tenants", "remove", configured, "--postgres", postgres)
        ).Exit;
        var unknown = (
            await CliRunner.RunAsync(
                "tenants",
                "remove",
                TestServices.NewTenant("typo"),
                "--postgres",
                postgres
            )
        ).Exit;

        Assert.Equal(1, refused);
        Assert.Equal(1, unknown);
        Assert.True(await ClientKeptAsync());
        Assert.Contains(await tenants.ListAsync(CancellationToken.None), t => t.Id == configured);

        var forced = (
            await CliRunner.RunAsync("tenants", "remove", configured, "--force", "--postgres", postgres)
        ).Exit;

        Assert.Equal(0, forced);
        Assert.False(await ClientKeptAsync());
        Assert.DoesNotContain(await tenants.ListAsync(CancellationToken.None), t => t.Id == configured);
    }

    [Fact]
    public async Task tenants_list_shows_defined_tenants_and_those_with_projected_data_but_no_definition()
    {
        var postgres = await TestServices.FreshDatabaseAsync("tenant_list");
        using var store = DocumentStore.For(o => ProjectionStore.Configure(o, postgres));
        var defined = TestServices.NewTenant("defined");
        var orphan = TestServices.NewTenant("orphan");
        await new Tenants(store).AddAsync(
            new TenantDefinition
            {
                Id = defined,
                BaseUrl = "http://127.0.0.1:9/",
                ClientKey = "key",
                ClientSecret = "secret",
            },
            CancellationToken.None
        );
        await using (var session = store.LightweightSession(orphan))
        {
            session.Store(new ProjectionState { Tenant = orphan, SourceChanges = 1 });
            await session.SaveChangesAsync();
        }

        var (exit, output) = await CliRunner.RunAsync("tenants", "list", "--postgres", postgres);

        Assert.Equal(0, exit);
        var lines = output.Split('\n');
        Assert.Contains(lines, l => l.Contains(defined) && l.Contains("http://127.0.0.1:9/"));
        Assert.Contains(lines, l => l.Contains(orphan) && l.Contains("projected data, no definition"));
        Assert.DoesNotContain(lines, l => l.Contains(defined) && l.Contains("no definition"));
        Assert.DoesNotContain("secret", output);
    }
}
