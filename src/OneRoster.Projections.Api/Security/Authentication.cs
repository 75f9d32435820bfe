using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OneRoster.Projections.Storage.Security;

namespace OneRoster.Projections.Api.Security;

/// <summary>
/// Bearer tokens on every rostering endpoint: our own (issued by <see cref="TokenEndpoint"/>) and, when
/// configured, the Ed-Fi ODS/API's. A missing, malformed, expired or wrongly signed token gets 401
/// <c>unauthorisedrequest</c>; a token without the endpoint's scope gets 403 <c>forbidden</c>, both as
/// imsx_StatusInfo with a <c>WWW-Authenticate</c> header (RFC 6750).
/// </summary>
public static class Authentication
{
    /// <summary>The scheme that picks ours or Ed-Fi's by the token's issuer.</summary>
    public const string Bearer = "Bearer";
    public const string OneRosterScheme = "OneRoster";
    public const string EdFiScheme = "EdFi";

    public static IServiceCollection AddOneRosterSecurity(
        this IServiceCollection services,
        AuthSettings settings
    )
    {
        services.AddSingleton(settings);
        services.AddSingleton<SigningKeys>();
        services.AddSingleton<ApiClients>();
        services.AddSingleton<RevokedClients>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, ForbiddenAsStatusInfo>();

        var authentication = services
            .AddAuthentication(Bearer)
            .AddPolicyScheme(Bearer, Bearer, options =>
                options.ForwardDefaultSelector = context => SchemeFor(context, settings)
            )
            .AddJwtBearer(OneRosterScheme, options =>
            {
                options.MapInboundClaims = false;
                options.Events = Events(checkRevocation: true);
                options.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = settings.Issuer,
                    ValidAudience = settings.Audience,
                    ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                    ClockSkew = TimeSpan.FromSeconds(30),
                    RequireExpirationTime = true,
                    NameClaimType = Claims.Subject,
                    AuthenticationType = OneRosterScheme,
                };
            });
        services
            .AddOptions<JwtBearerOptions>(OneRosterScheme)
            .Configure<SigningKeys>(
                (options, keys) =>
                    options.TokenValidationParameters.IssuerSigningKeyResolver = (_, _, _, _) => [keys.Key]
            );

        if (settings.EdFi is { } edFi)
        {
            authentication.AddJwtBearer(EdFiScheme, options =>
            {
                options.MapInboundClaims = false;
                options.Events = Events(checkRevocation: false);
                options.TokenValidationParameters = new TokenValidationParameters
                {
                    // The reference trims trailing slashes from the issuer before comparing.
                    IssuerValidator = (issuer, _, _) =>
                        issuer.TrimEnd('/') == edFi.Issuer
                            ? issuer
                            : throw new SecurityTokenInvalidIssuerException("Unexpected issuer."),
                    ValidAudience = edFi.Audience,
                    IssuerSigningKey = edFi.Key,
                    AuthenticationType = EdFiScheme,
                    ClockSkew = TimeSpan.FromSeconds(30),
                    RequireExpirationTime = true,
                };
            });
        }

        services.AddAuthorization(options =>
        {
            foreach (var rule in ScopeRules.All)
            {
                options.AddPolicy(rule.Policy, policy =>
                    policy
                        .AddAuthenticationSchemes(Bearer)
                        .RequireAuthenticatedUser()
                        .RequireAssertion(context => rule.IsMetBy(Claims.Scopes(context.User)))
                );
            }
        });
        return services;
    }

    /// <summary>Ed-Fi's scheme for a token whose issuer is the configured ODS/API, ours for every other.</summary>
    private static string SchemeFor(HttpContext context, AuthSettings settings)
    {
        if (settings.EdFi is not { } edFi)
        {
            return OneRosterScheme;
        }

        var header = context.Request.Headers.Authorization.ToString();
        const string prefix = "Bearer ";
        if (!header.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
        {
            return OneRosterScheme;
        }

        var handler = new JsonWebTokenHandler();
        var token = header[prefix.Length..].Trim();
        // Reading without validating only routes the token; the chosen scheme validates it.
        return
            handler.CanReadToken(token) && handler.ReadJsonWebToken(token).Issuer.TrimEnd('/') == edFi.Issuer
            ? EdFiScheme
            : OneRosterScheme;
    }

    /// <param name="checkRevocation">Ours only: Ed-Fi's tokens belong to the ODS/API's clients.</param>
    private static JwtBearerEvents Events(bool checkRevocation) =>
        new()
        {
            OnTokenValidated = async context =>
            {
                if (
                    checkRevocation
                    && context.Principal?.FindFirst(Claims.ClientId)?.Value is { } clientId
                    && await context
                        .HttpContext.RequestServices.GetRequiredService<RevokedClients>()
                        .IsRevokedAsync(clientId, context.HttpContext.RequestAborted)
                )
                {
                    context.Fail(new ClientRevokedException());
                }
            },
            OnChallenge = async context =>
            {
                context.HandleResponse();
                var presented = context.Request.Headers.Authorization.Count > 0;
                // A vendor sending its client id and secret as Basic here is told where they belong.
                var bearer = context
                    .Request.Headers.Authorization.ToString()
                    .StartsWith("Bearer", StringComparison.OrdinalIgnoreCase);
                var description =
                    !presented ? "An access token is required: send Authorization: Bearer <token>."
                    : !bearer
                        ? "Send Authorization: Bearer <token>; client credentials go to POST /oauth/token for a token."
                    : context.AuthenticateFailure is SecurityTokenExpiredException
                        ? "The access token has expired."
                    : context.AuthenticateFailure is ClientRevokedException revoked ? revoked.Message
                    : "The access token is not valid.";
                context.Response.Headers.WWWAuthenticate = presented
                    ? $"Bearer realm=\"oneroster\", error=\"invalid_token\", error_description=\"{description}\""
                    : "Bearer realm=\"oneroster\"";
                await StatusInfo.WriteAsync(
                    context.HttpContext,
                    StatusCodes.Status401Unauthorized,
                    StatusInfo.UnauthorisedRequest,
                    description
                );
            },
        };

    /// <summary>Turns a failed scope check into the spec's 403 instead of the framework's empty one.</summary>
    private sealed class ForbiddenAsStatusInfo : IAuthorizationMiddlewareResultHandler
    {
        private readonly AuthorizationMiddlewareResultHandler fallback = new();

        public Task HandleAsync(
            RequestDelegate next,
            HttpContext context,
            AuthorizationPolicy policy,
            PolicyAuthorizationResult authorizeResult
        )
        {
            if (!authorizeResult.Forbidden)
            {
                return fallback.HandleAsync(next, context, policy, authorizeResult);
            }

            var rule = ScopeRules.ForEndpoint(context.GetEndpoint());
            var scopes = rule is null ? "" : string.Join(' ', rule.AnyOf);
            context.Response.Headers.WWWAuthenticate =
                $"Bearer realm=\"oneroster\", error=\"insufficient_scope\", scope=\"{scopes}\"";
            return StatusInfo.WriteAsync(
                context,
                StatusCodes.Status403Forbidden,
                StatusInfo.Forbidden,
                rule is null
                    ? "The access token does not allow this request."
                    : $"This endpoint needs one of these scopes: {scopes}."
            );
        }
    }
}
