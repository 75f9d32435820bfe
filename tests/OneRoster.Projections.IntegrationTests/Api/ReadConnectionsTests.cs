using System.Net;
using Marten;
using Npgsql;
using OneRoster.Projections.Api;
using OneRoster.Projections.IntegrationTests.Infrastructure;
using OneRoster.Projections.Storage;
using Xunit;

namespace OneRoster.Projections.IntegrationTests.Api;

/// <summary>
/// The API reads on at most <c>OneRoster:MaxReadConnections</c> connections: requests beyond them wait their
/// turn for one instead of each opening its own and making PostgreSQL's backends take turns on the cores.
/// </summary>
public sealed class ReadConnectionsTests
{
    private const int Requests = 8;

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task requests_beyond_the_limit_wait_for_a_connection_and_are_all_answered(int limit)
    {
        // A database of its own: the test locks its document table.
        var postgres = await TestServices.FreshDatabaseAsync("read_connections_" + limit);
        var application = "read-connections-" + Guid.NewGuid().ToString("N")[..8];
        var tenant = TestServices.NewTenant("readconn");
        using (var store = DocumentStore.For(options => ProjectionStore.Configure(options, postgres)))
        {
            await using var session = store.LightweightSession(tenant);
            session.Store(Documents.User("u1", "student"), Documents.User("u2", "teacher"));
            await session.SaveChangesAsync();
        }
        var api = ApiApp.Build([
            "--urls",
            "http://127.0.0.1:0",
            $"--ConnectionStrings:Postgres={postgres};Application Name={application}",
            $"--OneRoster:Tenant={tenant}",
            $"--OneRoster:MaxReadConnections={limit}",
            "--Logging:LogLevel:Default=Warning",
        ]);
        await api.StartAsync();
        try
        {
            using var http = new HttpClient { BaseAddress = ApiApp.BaseAddress(api) };
            await TestAuth.AuthorizeAsync(http, api, tenant);
            // A nested read waits for the document table's upgrade: nothing of the API's own is left running.
            using (var warm = await http.GetAsync("/ims/oneroster/rostering/v1p2/classes/none/students"))
            {
                Assert.Equal(HttpStatusCode.NotFound, warm.StatusCode);
            }

            await using var locker = new NpgsqlConnection(postgres);
            await locker.OpenAsync();
            var hold = await locker.BeginTransactionAsync();
            await using (
                var lockTable = new NpgsqlCommand(
                    "lock table oneroster.mt_doc_onerosterdocument in access exclusive mode",
                    locker,
                    hold
                )
            )
            {
                await lockTable.ExecuteNonQueryAsync();
            }
            var answers = Enumerable
                .Range(0, Requests)
                .Select(i => http.GetAsync($"/ims/oneroster/rostering/v1p2/users?offset={i % 2}"))
                .ToList();
            var waiting = await WaitingAsync(postgres, application, limit);
            // Give requests over the limit time to open connections of their own, were they allowed to.
            await Task.Delay(TimeSpan.FromSeconds(1));
            var stillWaiting = await WaitingAsync(postgres, application, limit);
            await hold.RollbackAsync();
            var statuses = (await Task.WhenAll(answers)).Select(r => r.StatusCode).ToList();

            Assert.Equal(limit, waiting);
            Assert.Equal(limit, stillWaiting);
            Assert.All(statuses, status => Assert.Equal(HttpStatusCode.OK, status));
        }
        finally
        {
            await api.StopAsync();
            await api.DisposeAsync();
        }
    }

    /// <summary>The API's backends waiting for the table lock, once as many as expected wait (or 10 s passed).</summary>
    private static async Task<long> WaitingAsync(string postgres, string application, int expected)
    {
        await using var connection = new NpgsqlConnection(postgres);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "select count(*) from pg_stat_activity where application_name = $1 and wait_event_type = 'Lock'",
            connection
        );
        command.Parameters.AddWithValue(application);
        var deadline = DateTimeOffset.UtcNow.AddSeconds(10);
        while (true)
        {
            var count = (long)(await command.ExecuteScalarAsync())!;
            if (count >= expected || DateTimeOffset.UtcNow > deadline)
            {
                return count;
            }
            await Task.Delay(50);
        }
    }
}
