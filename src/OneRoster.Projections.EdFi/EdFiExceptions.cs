using System.Net;

namespace OneRoster.Projections.EdFi;

/// <summary>The Ed-Fi API answered with a status the client cannot work around.</summary>
public class EdFiApiException : Exception
{
    public EdFiApiException(string message, HttpStatusCode? statusCode = null, Exception? inner = null)
        : base(message, inner)
    {
        StatusCode = statusCode;
    }

    public HttpStatusCode? StatusCode { get; }
}

/// <summary>The token endpoint refused the credentials, or a fresh token was refused too.</summary>
public sealed class EdFiAuthenticationException : EdFiApiException
{
    public EdFiAuthenticationException(string message, HttpStatusCode? statusCode = null)
        : base(message, statusCode) { }
}

/// <summary>
/// The snapshot a change window was being read from is gone (404/410 under <c>Use-Snapshot</c>, §5, P11). The
/// pages read so far came from it and the rest cannot: the window has to be read again from the start.
/// </summary>
public sealed class EdFiSnapshotLostException : EdFiApiException
{
    public EdFiSnapshotLostException(string message, HttpStatusCode statusCode)
        : base(message, statusCode) { }
}

/// <summary>A 2xx answer whose body cannot be what was asked for: empty, not JSON, or JSON of the wrong shape.</summary>
public sealed class EdFiUnreadableResponseException : EdFiApiException
{
    public EdFiUnreadableResponseException(string message, HttpStatusCode statusCode, Exception? inner = null)
        : base(message, statusCode, inner) { }
}
