using OneRoster.Projections.Storage;

namespace OneRoster.Projections.Api;

/// <summary>What the query API reads from configuration at startup.</summary>
/// <param name="RabbitMq">The broker the pipeline runs on, when configured: <c>/health</c> reports on it.</param>
/// <param name="MaxReadConnections">
/// Most PostgreSQL connections the API reads documents on at once; further requests wait for one in turn.
/// </param>
public sealed record ApiSettings(
    string ConnectionString,
    string Tenant,
    int MaxLimit,
    string? RabbitMq,
    int MaxReadConnections
)
{
    public const string DefaultTenant = "default";

    /// <summary>
    /// Largest page served. The Google conformance notebook asks for 10000 and never pages, so the
    /// default is that large; a bigger request is served this many rows plus a <c>next</c> link.
    /// </summary>
    public const int DefaultMaxLimit = 10000;

    /// <summary>
    /// A few connections per core: more only make PostgreSQL's backends and the API's threads take turns on
    /// the same cores. With 20 clients on 2 cores, 100 connections (Npgsql's default) served /users?limit=100
    /// at p99 133 ms, 8 at 46 ms, 4 at 27 ms, each at a higher request rate than the last.
    /// </summary>
    public static int DefaultMaxReadConnections => Math.Max(4, 2 * Environment.ProcessorCount);

    public static ApiSettings From(IConfiguration configuration)
    {
        var connectionString = ConnectionSettings.Postgres(configuration);
        var tenant = configuration["OneRoster:Tenant"];
        var maxLimit = configuration.GetValue("OneRoster:MaxLimit", DefaultMaxLimit);
        if (maxLimit < 1)
        {
            throw new InvalidOperationException("OneRoster:MaxLimit must be at least 1.");
        }
        var maxReadConnections = configuration.GetValue(
            "OneRoster:MaxReadConnections",
            DefaultMaxReadConnections
        );
        if (maxReadConnections < 1)
        {
            throw new InvalidOperationException("OneRoster:MaxReadConnections must be at least 1.");
        }

        return new ApiSettings(
            connectionString,
            string.IsNullOrWhiteSpace(tenant) ? DefaultTenant : tenant,
            maxLimit,
            ConnectionSettings.OptionalRabbitMq(configuration),
            maxReadConnections
        );
    }
}
