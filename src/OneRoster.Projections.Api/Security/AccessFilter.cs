using System.Globalization;
using System.Security.Claims;
using OneRoster.Projections.Api.Tenancy;

namespace OneRoster.Projections.Api.Security;

/// <summary>
/// Runs on every rostering endpoint after the scope check: binds the request to the tenant of its route
/// (the default tenant on the plain routes) and to the education organizations the token names.
/// <list type="bullet">
/// <item>A token naming no tenant (and no configured tenant for its issuer) gets 401, never the route's
/// tenant by default (mapping.md §6 row 24).</item>
/// <item>An unknown tenant in the route gets 404; a tenant other than the token's gets 403.</item>
/// </list>
/// </summary>
public sealed class AccessFilter(TenantDirectory tenants, ApiSettings settings, AuthSettings auth)
    : IEndpointFilter
{
    public const string RouteParameter = "tenant";

    public async ValueTask<object?> InvokeAsync(
        EndpointFilterInvocationContext context,
        EndpointFilterDelegate next
    )
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var http = context.HttpContext;
        var user = http.User;
        var fromEdFi = user.Identities.Any(identity =>
            identity.AuthenticationType == Authentication.EdFiScheme
        );

        var tokenTenant =
            user.FindFirst(Claims.Tenant)?.Value is { Length: > 0 } claimed ? claimed
            : fromEdFi ? auth.EdFi?.Tenant
            : null;
        if (tokenTenant is null)
        {
            http.Response.Headers.WWWAuthenticate =
                "Bearer realm=\"oneroster\", error=\"invalid_token\", error_description=\"The token names no tenant.\"";
            return StatusInfo.Error(
                StatusCodes.Status401Unauthorized,
                StatusInfo.UnauthorisedRequest,
                "The access token names no tenant."
            );
        }

        var routeTenant = http.GetRouteValue(RouteParameter) as string ?? settings.Tenant;
        var tenant = await tenants.FindAsync(routeTenant, http.RequestAborted);
        if (tenant is null)
        {
            return StatusInfo.NotFound($"No tenant '{routeTenant}' is served here.");
        }

        if (!string.Equals(tenant, tokenTenant, StringComparison.OrdinalIgnoreCase))
        {
            return StatusInfo.Error(
                StatusCodes.Status403Forbidden,
                StatusInfo.Forbidden,
                "The access token is not for this tenant."
            );
        }

        http.RequestServices.GetRequiredService<RequestAccess>()
            .Grant(tenant, EducationOrganizations(user, fromEdFi));
        return await next(context);
    }

    /// <summary>
    /// The <c>educationOrganizationId</c> claim values (one, several, or a JSON array). Our clients without
    /// any read the whole tenant; an Ed-Fi token without any reads nothing, as the reference does.
    /// </summary>
    private static List<long>? EducationOrganizations(ClaimsPrincipal user, bool fromEdFi)
    {
        var ids = new List<long>();
        var claims = user.FindAll(Claims.EducationOrganizationId).ToList();
        foreach (var claim in claims)
        {
            foreach (
                var part in claim
                    .Value.Trim('[', ']')
                    .Split([',', ' '], StringSplitOptions.RemoveEmptyEntries)
            )
            {
                if (
                    long.TryParse(part.Trim('"'), NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                )
                {
                    ids.Add(id);
                }
            }
        }

        // A claim present but unreadable limits the caller to nothing, never to everything.
        return claims.Count == 0 && !fromEdFi ? null : ids;
    }
}
