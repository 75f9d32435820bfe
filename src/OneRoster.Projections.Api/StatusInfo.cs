using System.Text.Encodings.Web;
using System.Text.Json;

namespace OneRoster.Projections.Api;

/// <summary>
/// The only error body the API sends: imsx_StatusInfoDType of the OneRoster 1.2 OpenAPI, at the top
/// level, never on a 200. Minor codes are the spec's enum values.
/// </summary>
public static class StatusInfo
{
    public const string InvalidData = "invaliddata";
    public const string InvalidFilterField = "invalid_filter_field";
    public const string UnknownObject = "unknownobject";
    public const string InternalServerError = "internal_server_error";
    public const string UnauthorisedRequest = "unauthorisedrequest";
    public const string Forbidden = "forbidden";
    public const string ServerBusy = "server_busy";

    public static IResult Error(int statusCode, string? codeMinor, string description) =>
        new StatusInfoResult(statusCode, codeMinor, description, "failure");

    public static IResult BadRequest(string codeMinor, string description) =>
        Error(StatusCodes.Status400BadRequest, codeMinor, description);

    public static IResult NotFound(string description) =>
        Error(StatusCodes.Status404NotFound, UnknownObject, description);

    /// <summary>Writes the status body; used by the handlers that run outside endpoint results.</summary>
    public static async Task WriteAsync(
        HttpContext context,
        int statusCode,
        string? codeMinor,
        string description,
        string codeMajor = "failure"
    )
    {
        var response = context.Response;
        response.StatusCode = statusCode;
        response.ContentType = "application/json";
        // Relaxed escaping keeps quotes in descriptions readable; JSON control characters are still escaped.
        await using var writer = new Utf8JsonWriter(
            response.Body,
            new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }
        );
        writer.WriteStartObject();
        writer.WriteString("imsx_codeMajor", codeMajor);
        writer.WriteString("imsx_severity", "error");
        writer.WriteString("imsx_description", description);
        if (codeMinor is not null)
        {
            writer.WriteStartObject("imsx_CodeMinor");
            writer.WriteStartArray("imsx_codeMinorField");
            writer.WriteStartObject();
            writer.WriteString("imsx_codeMinorFieldName", "TargetEndSystem");
            writer.WriteString("imsx_codeMinorFieldValue", codeMinor);
            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
        await writer.FlushAsync(context.RequestAborted);
    }

    private sealed class StatusInfoResult(
        int statusCode,
        string? codeMinor,
        string description,
        string codeMajor
    ) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext) =>
            WriteAsync(httpContext, statusCode, codeMinor, description, codeMajor);
    }
}
