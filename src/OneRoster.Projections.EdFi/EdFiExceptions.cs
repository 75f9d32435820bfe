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
