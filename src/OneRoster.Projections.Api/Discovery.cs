using System.Text.Json;

namespace OneRoster.Projections.Api;

/// <summary><c>GET /</c>: where the services of this server live, as absolute URLs.</summary>
public static class Discovery
{
    public static WebApplication MapDiscovery(this WebApplication app)
    {
        app.MapGet("/", WriteAsync).ExcludeFromDescription();
        return app;
    }

    private static async Task WriteAsync(HttpContext context)
    {
        var request = context.Request;
        var root = $"{request.Scheme}://{request.Host}{request.PathBase}";
        context.Response.ContentType = "application/json";
        await using var writer = new Utf8JsonWriter(context.Response.Body);
        writer.WriteStartObject();
        writer.WriteString("name", "OneRoster Projections");
        writer.WriteString("version", "1.2");
        writer.WriteStartObject("services");
        writer.WriteString("rostering", root + RosteringCollections.BasePath);
        writer.WriteEndObject();
        writer.WriteStartArray("endpoints");
        foreach (var collection in RosteringCollections.All)
        {
            writer.WriteStringValue($"{root}{RosteringCollections.BasePath}/{collection.Path}");
        }

        writer.WriteEndArray();
        writer.WriteString("openApi", root + Swagger.DocumentPath);
        writer.WriteString("swaggerUi", root + Swagger.UiPath);
        writer.WriteString("health", root + Health.Path);
        writer.WriteEndObject();
        await writer.FlushAsync(context.RequestAborted);
    }
}
