using System.Text.Json;

namespace OneRoster.Projections.Api;

/// <summary>
/// 200 responses: the OneRoster envelope (one key) around stored JSON that is written as raw bytes,
/// never parsed or re-serialized.
/// </summary>
public static class Envelope
{
    public static IResult Collection(string key, IReadOnlyList<byte[]> objects) =>
        new EnvelopeResult(key, objects, isCollection: true);

    /// <summary>One page of a collection, with its X-Total-Count and Link headers.</summary>
    public static IResult Page(
        string key,
        IReadOnlyList<byte[]> objects,
        CollectionQuery page,
        long totalCount
    ) => new EnvelopeResult(key, objects, isCollection: true, (page, totalCount));

    public static IResult SingleObject(string key, byte[] json) =>
        new EnvelopeResult(key, [json], isCollection: false);

    private sealed class EnvelopeResult(
        string key,
        IReadOnlyList<byte[]> objects,
        bool isCollection,
        (CollectionQuery Page, long TotalCount)? paging = null
    ) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            if (paging is { } headers)
            {
                PagingHeaders.Write(response, headers.Page, headers.TotalCount);
            }

            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = "application/json";

            // The projector wrote these objects serialized; validating them again per request would cost a
            // parse of every object served. The bytes go straight into the response's pipe.
            await using var writer = new Utf8JsonWriter(
                response.BodyWriter,
                new JsonWriterOptions { SkipValidation = true }
            );
            writer.WriteStartObject();
            writer.WritePropertyName(key);
            if (isCollection)
            {
                writer.WriteStartArray();
                foreach (var json in objects)
                {
                    writer.WriteRawValue(json, skipInputValidation: true);
                }

                writer.WriteEndArray();
            }
            else
            {
                writer.WriteRawValue(objects[0], skipInputValidation: true);
            }

            writer.WriteEndObject();
            await writer.FlushAsync(httpContext.RequestAborted);
            await response.BodyWriter.FlushAsync(httpContext.RequestAborted);
        }
    }
}
