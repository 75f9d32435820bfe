using System.Net;
using System.Text.Json;
using OneRoster.Projections.IntegrationTests.Infrastructure;
using OneRoster.Projections.Storage;
using Xunit;

namespace OneRoster.Projections.IntegrationTests.Api;

/// <summary>/health also reports on the RabbitMQ the poller and projector use, when the API knows it.</summary>
public sealed class BrokerHealthTests
{
    [Fact]
    public async Task health_reports_rabbitmq_healthy_when_the_broker_answers()
    {
        var rabbitMq = await TestServices.RabbitMqAsync();
        await using var host = await ApiTestHost.StartAsync(
            Array.Empty<OneRosterDocument>(),
            $"--ConnectionStrings:RabbitMq={rabbitMq}"
        );

        using var response = await host.Client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var checks = body.RootElement.GetProperty("checks");
        Assert.Equal("Healthy", checks.GetProperty("rabbitmq").GetProperty("status").GetString());
        Assert.Equal("Healthy", checks.GetProperty("postgres").GetProperty("status").GetString());
    }

    [Fact]
    public async Task health_is_503_when_rabbitmq_does_not_answer()
    {
        await using var host = await ApiTestHost.StartAsync(
            Array.Empty<OneRosterDocument>(),
            "--ConnectionStrings:RabbitMq=amqp://nobody:nothing@127.0.0.1:1/"
        );

        using var response = await host.Client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var rabbitmq = body.RootElement.GetProperty("checks").GetProperty("rabbitmq");
        Assert.Equal("Unhealthy", rabbitmq.GetProperty("status").GetString());
        Assert.DoesNotContain("127.0.0.1", rabbitmq.GetRawText(), StringComparison.Ordinal);
    }
}
