namespace OneRoster.Projections.Api.Security;

/// <summary>
/// Claim names of our tokens, the ones the Ed-Fi ODS/API puts in its tokens (mapping.md §4), so one
/// reading serves both kinds.
/// </summary>
public static class Claims
{
    public const string Scope = "scope";
    public const string Tenant = "tenantId";
    public const string EducationOrganizationId = "educationOrganizationId";
    public const string ClientId = "client_id";
    public const string Subject = "sub";

    /// <summary>Every scope the principal holds: <c>scope</c> as one space-separated string or as an array.</summary>
    public static HashSet<string> Scopes(System.Security.Claims.ClaimsPrincipal user) =>
        user.FindAll(Scope)
            .SelectMany(claim => claim.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .ToHashSet(StringComparer.Ordinal);
}
