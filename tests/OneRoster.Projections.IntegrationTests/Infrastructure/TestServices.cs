using Npgsql;
using Testcontainers.PostgreSql;
using Testcontainers.RabbitMq;

namespace OneRoster.Projections.IntegrationTests.Infrastructure;

/// <summary>
/// The real PostgreSQL and RabbitMQ the integration tests run against: the ones named by
/// ONEROSTER_POSTGRES and ONEROSTER_RABBITMQ (deploy/test.sh starts the Debian services and sets
/// them), otherwise containers started through Testcontainers when a Docker engine answers.
/// </summary>
public static class TestServices
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static string? postgres;
    private static string? rabbitMq;

    public static async Task<string> PostgresAsync()
    {
        await StartAsync();
        return postgres!;
    }

    public static async Task<string> RabbitMqAsync()
    {
        await StartAsync();
        return rabbitMq!;
    }

    private static async Task StartAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (postgres is not null)
            {
                return;
            }
            var fromEnvironmentPostgres = Environment.GetEnvironmentVariable("ONEROSTER_POSTGRES");
            var fromEnvironmentRabbitMq = Environment.GetEnvironmentVariable("ONEROSTER_RABBITMQ");
            if (fromEnvironmentPostgres is { Length: > 0 } && fromEnvironmentRabbitMq is { Length: > 0 })
            {
                (postgres, rabbitMq) = (
                    await OwnDatabaseAsync(fromEnvironmentPostgres),
                    fromEnvironmentRabbitMq
                );
                return;
            }

            // Containers live as long as the test process; Testcontainers' reaper removes them afterwards.
            var postgresContainer = new PostgreSqlBuilder("postgres:15").Build();
            var rabbitContainer = new RabbitMqBuilder("rabbitmq:3.13").Build();
            await Task.WhenAll(postgresContainer.StartAsync(), rabbitContainer.StartAsync());
            (postgres, rabbitMq) = (
                postgresContainer.GetConnectionString(),
                rabbitContainer.GetConnectionString()
            );
        }
        catch (Exception ex) when (ex is not InvalidOperationException)
        {
            throw new InvalidOperationException(
                "Integration tests need PostgreSQL and RabbitMQ: run deploy/test.sh, which starts them, "
                    + "or set ONEROSTER_POSTGRES and ONEROSTER_RABBITMQ.",
                ex
            );
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>
    /// A database of the tests' own beside the one named (the sample run's, say): a projector started by a
    /// test recomputes every tenant it finds stale, and must not touch a running sample's documents.
    /// </summary>
    private static async Task<string> OwnDatabaseAsync(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var database = builder.Database + "_tests";
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var exists = new NpgsqlCommand(
                "select 1 from pg_database where datname = $1",
                connection
            );
            exists.Parameters.AddWithValue(database);
            if (await exists.ExecuteScalarAsync() is null)
            {
                await using var create = new NpgsqlCommand($"create database \"{database}\"", connection);
                await create.ExecuteNonQueryAsync();
            }
        }
        builder.Database = database;
        return builder.ConnectionString;
    }

    /// <summary>
    /// An empty database beside the tests' shared one, dropped and created again on every call. For a test
    /// whose projector runs under another mapping version: a projector recomputes every tenant of its
    /// database whose mapping version differs from its own, so in the shared database it would rewrite
    /// (with its own hrefs) the documents of every other test, including those running at the same time.
    /// </summary>
    public static async Task<string> FreshDatabaseAsync(string suffix)
    {
        var builder = new NpgsqlConnectionStringBuilder(await PostgresAsync());
        var database = builder.Database + "_" + suffix;
        await using (var connection = new NpgsqlConnection(builder.ConnectionString))
        {
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand(
                $"drop database if exists \"{database}\" with (force)",
                connection
            );
            await drop.ExecuteNonQueryAsync();
            await using var create = new NpgsqlCommand($"create database \"{database}\"", connection);
            await create.ExecuteNonQueryAsync();
        }
        builder.Database = database;
        return builder.ConnectionString;
    }

    /// <summary>A tenant id no other test uses, so tests can share one database and one broker.</summary>
    public static string NewTenant(string prefix) =>
        $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 13, 40)];

    /// <summary>Runs one SQL statement against <paramref name="connectionString"/>, its values bound as $1, $2, ….</summary>
    public static async Task ExecuteAsync(string connectionString, string sql, params object[] values)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var value in values)
        {
            command.Parameters.AddWithValue(value);
        }
        await command.ExecuteNonQueryAsync();
    }
}
