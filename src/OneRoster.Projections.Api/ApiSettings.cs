using OneRoster.Projections.Storage;

namespace OneRoster.Projections.Api;

/// <summary>What the query API reads from configuration at startup.</summary>
/// <param name="RabbitMq">The broker the pipeline runs on, when configured: <c>/health</c> reports on it.</param>
public sealed record ApiSettings(string ConnectionString, string Tenant, int MaxLimit, string? RabbitMq)
{
    public const string DefaultTenant = "default";

    /// <summary>
    /// Largest page served. The Google conformance notebook asks for 10000 and never pages, so the
    /// default is that large; a bigger request is served this many rows plus a <c>next</c> link.
    /// </summary>
    public const int DefaultMaxLimit = 10000;

    public static ApiSettings From(IConfiguration configuration)
    {
        var connectionString = ConnectionSettings.Postgres(configuration);
        var tenant = configuration["OneRoster:Tenant"];
        var maxLimit = configuration.GetValue("OneRoster:MaxLimit", DefaultMaxLimit);
        if (maxLimit < 1)
        {
            throw new InvalidOperationException("OneRoster:MaxLimit must be at least 1.");
        }

        return new ApiSettings(
            connectionString,
            string.IsNullOrWhiteSpace(tenant) ? DefaultTenant : tenant,
            maxLimit,
            ConnectionSettings.OptionalRabbitMq(configuration)
        );
    }
}
