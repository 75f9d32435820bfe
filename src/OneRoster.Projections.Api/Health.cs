using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace OneRoster.Projections.Api;

/// <summary>
/// <c>GET /health</c>: 200 when PostgreSQL (and RabbitMQ, when the API is told where it is) answer, 503
/// when either does not.
/// </summary>
public static class Health
{
    public const string Path = "/health";

    public static IServiceCollection AddOneRosterHealthChecks(
        this IServiceCollection services,
        ApiSettings settings
    )
    {
        var checks = services
            .AddHealthChecks()
            .AddCheck<PostgresHealthCheck>("postgres", timeout: TimeSpan.FromSeconds(5));
        if (settings.RabbitMq is not null)
        {
            checks.AddCheck<RabbitMqHealthCheck>("rabbitmq", timeout: TimeSpan.FromSeconds(5));
        }
        return services;
    }

    public static WebApplication MapOneRosterHealthChecks(this WebApplication app)
    {
        app.MapHealthChecks(Path, new HealthCheckOptions { ResponseWriter = WriteAsync })
            .ExcludeFromDescription();
        return app;
    }

    private static async Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        await using var writer = new Utf8JsonWriter(context.Response.Body);
        writer.WriteStartObject();
        writer.WriteString("status", report.Status.ToString());
        writer.WriteStartObject("checks");
        foreach (var (name, entry) in report.Entries)
        {
            writer.WriteStartObject(name);
            writer.WriteString("status", entry.Status.ToString());
            if (entry.Description is { } description)
            {
                writer.WriteString("description", description);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
        await writer.FlushAsync(context.RequestAborted);
    }
}

/// <summary>Opens a connection to the projection database and runs <c>select 1</c>.</summary>
public sealed class PostgresHealthCheck(ApiSettings settings) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(
        HealthCheckContext context,
        CancellationToken cancellationToken = default
    )
    {
        try
        {
            await using var connection = new NpgsqlConnection(settings.ConnectionString);
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("select 1", connection);
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy("PostgreSQL answers.");
        }
        catch (Exception exception)
            when (exception
                    is NpgsqlException
                        or OperationCanceledException
                        or TimeoutException
                        or System.Net.Sockets.SocketException
            )
        {
            // The exception text may carry host names; the description stays generic.
            return HealthCheckResult.Unhealthy("PostgreSQL does not answer.", exception);
        }
    }
}

/// <summary>Opens (and closes) an AMQP connection to the broker the poller and projector use.</summary>
public sealed class RabbitMqHealthCheck(ApiSettings settings) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(
        HealthCheckContext context,
        CancellationToken cancellationToken = default
    )
    {
        try
        {
            var factory = new RabbitMQ.Client.ConnectionFactory
            {
                Uri = new Uri(settings.RabbitMq!),
                RequestedConnectionTimeout = TimeSpan.FromSeconds(4),
                ClientProvidedName = "oneroster-api-health",
            };
            await using var connection = await factory.CreateConnectionAsync(cancellationToken);
            return HealthCheckResult.Healthy("RabbitMQ answers.");
        }
        catch (Exception exception)
            when (exception
                    is RabbitMQ.Client.Exceptions.BrokerUnreachableException
                        or OperationCanceledException
                        or TimeoutException
                        or System.Net.Sockets.SocketException
            )
        {
            return HealthCheckResult.Unhealthy("RabbitMQ does not answer.", exception);
        }
    }
}
