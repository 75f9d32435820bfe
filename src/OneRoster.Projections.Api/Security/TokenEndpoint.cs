using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OneRoster.Projections.Storage.Security;

namespace OneRoster.Projections.Api.Security;

/// <summary>
/// <c>POST /oauth/token</c>: the OAuth2 client-credentials grant (RFC 6749 §4.4) as OneRoster 1.2 clients
/// use it (oneroster-api.md §6). Credentials come as HTTP Basic or as <c>client_id</c>/<c>client_secret</c>
/// form fields; <c>scope</c> lists OneRoster scope URIs, of which the known ones the client holds are
/// granted and the rest ignored (Google asks for gradebook scopes too). Errors use RFC 6749's shape.
/// </summary>
public static class TokenEndpoint
{
    public const string Path = "/oauth/token";

    public static WebApplication MapTokenEndpoint(this WebApplication app)
    {
        app.MapPost(Path, IssueAsync)
            .DisableAntiforgery()
            // The OpenAPI document describes it as the security scheme's token URL instead.
            .ExcludeFromDescription()
            .RequireRateLimiting(RateLimiting.TokenPolicy);
        return app;
    }

    private static async Task<IResult> IssueAsync(
        HttpContext context,
        ApiClients clients,
        AuthSettings settings,
        SigningKeys keys,
        TimeProvider time
    )
    {
        var request = context.Request;
        if (!request.HasFormContentType)
        {
            return Error(400, "invalid_request", "Send application/x-www-form-urlencoded.");
        }

        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(context.RequestAborted);
        }
        catch (InvalidDataException)
        {
            // A key, value or field count past the form reader's limits: a client's mistake, not a 500.
            return Error(400, "invalid_request", "The form is too large or malformed.");
        }
        catch (BadHttpRequestException exception)
        {
            // A body over the server's size limit (413) or cut short.
            return Error(exception.StatusCode, "invalid_request", "The request body could not be read.");
        }

        if (form["grant_type"] != "client_credentials")
        {
            return Error(400, "unsupported_grant_type", "Only grant_type=client_credentials is supported.");
        }

        var basic = ReadBasic(request);
        if (basic is null && request.Headers.Authorization.Count > 0)
        {
            return InvalidClient(usedBasic: true);
        }

        var (clientId, secret) = basic ?? (form["client_id"].ToString(), form["client_secret"].ToString());
        if (clientId.Length == 0 || secret.Length == 0)
        {
            return InvalidClient(basic is not null);
        }

        var client = await clients.AuthenticateAsync(clientId, secret, context.RequestAborted);
        if (client is null)
        {
            return InvalidClient(basic is not null);
        }

        string[] granted;
        if (form["scope"].ToString() is { Length: > 0 } asked)
        {
            var requested = asked.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            granted = [.. client.Scopes.Where(scope => requested.Contains(scope, StringComparer.Ordinal))];
            if (granted.Length == 0)
            {
                return Error(
                    400,
                    "invalid_scope",
                    "None of the requested scopes is available to this client."
                );
            }
        }
        else
        {
            granted = [.. client.Scopes];
        }

        var scope = string.Join(' ', granted);
        var now = time.GetUtcNow();
        var claims = new Dictionary<string, object>
        {
            [Claims.ClientId] = client.Id,
            [Claims.Tenant] = client.Tenant,
            [Claims.Scope] = scope,
        };
        if (client.EducationOrganizationIds.Count > 0)
        {
            claims[Claims.EducationOrganizationId] = client.EducationOrganizationIds.ToArray();
        }

        var token = new JsonWebTokenHandler().CreateToken(
            new SecurityTokenDescriptor
            {
                Issuer = settings.Issuer,
                Audience = settings.Audience,
                Subject = new ClaimsIdentity([new Claim(Claims.Subject, client.Id)]),
                Claims = claims,
                IssuedAt = now.UtcDateTime,
                NotBefore = now.UtcDateTime,
                Expires = (now + settings.TokenLifetime).UtcDateTime,
                SigningCredentials = new SigningCredentials(keys.Key, SecurityAlgorithms.HmacSha256),
            }
        );

        context.Response.Headers.CacheControl = "no-store";
        return Results.Json(
            new
            {
                access_token = token,
                token_type = "bearer",
                expires_in = (int)settings.TokenLifetime.TotalSeconds,
                scope,
            }
        );
    }

    /// <summary>client_id:client_secret from HTTP Basic, each form-url-decoded (RFC 6749 §2.3.1).</summary>
    private static (string Id, string Secret)? ReadBasic(HttpRequest request)
    {
        if (
            !AuthenticationHeaderValue.TryParse(request.Headers.Authorization, out var header)
            || !header.Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase)
            || header.Parameter is null
        )
        {
            return null;
        }

        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header.Parameter));
        }
        catch (FormatException)
        {
            return null;
        }

        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        return colon < 0
            ? null
            : (WebUtility.UrlDecode(decoded[..colon]), WebUtility.UrlDecode(decoded[(colon + 1)..]));
    }

    private static OAuthError InvalidClient(bool usedBasic) =>
        new OAuthError(401, "invalid_client", "Unknown client, wrong secret or revoked client.", usedBasic);

    private static OAuthError Error(int status, string error, string description) =>
        new OAuthError(status, error, description, false);

    private sealed class OAuthError(int status, string error, string description, bool challengeBasic)
        : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.Headers.CacheControl = "no-store";
            if (challengeBasic)
            {
                response.Headers.WWWAuthenticate = "Basic realm=\"oneroster\"";
            }

            return Results
                .Json(new { error, error_description = description }, statusCode: status)
                .ExecuteAsync(httpContext);
        }
    }
}
