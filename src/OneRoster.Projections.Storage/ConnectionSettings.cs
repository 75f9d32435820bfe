using Microsoft.Extensions.Configuration;

namespace OneRoster.Projections.Storage;

/// <summary>Connection strings every process reads the same way: configuration first, then the environment.</summary>
public static class ConnectionSettings
{
    public const string PostgresKey = "ConnectionStrings:Postgres";
    public const string PostgresEnvironment = "ONEROSTER_POSTGRES";
    public const string RabbitMqKey = "ConnectionStrings:RabbitMq";
    public const string RabbitMqEnvironment = "ONEROSTER_RABBITMQ";

    public static string Postgres(IConfiguration configuration) =>
        Require(configuration, PostgresKey, PostgresEnvironment);

    public static string RabbitMq(IConfiguration configuration) =>
        Require(configuration, RabbitMqKey, RabbitMqEnvironment);

    public static string Require(IConfiguration configuration, string key, string environment) =>
        Optional(configuration, key, environment)
        ?? throw new InvalidOperationException($"Set {key} or the {environment} environment variable.");

    /// <summary>The RabbitMQ URI when one is configured (the API only reports on the broker).</summary>
    public static string? OptionalRabbitMq(IConfiguration configuration) =>
        Optional(configuration, RabbitMqKey, RabbitMqEnvironment);

    private static string? Optional(IConfiguration configuration, string key, string environment) =>
        configuration[key] is { Length: > 0 } value ? value
        : Environment.GetEnvironmentVariable(environment) is { Length: > 0 } fromEnvironment ? fromEnvironment
        : null;
}
