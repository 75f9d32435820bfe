namespace OneRoster.Projections.Api.Security;

/// <summary>
/// What the current request may read, settled by <see cref="AccessFilter"/> before any handler runs: the
/// tenant, and the education organizations the caller is limited to (null: the whole tenant).
/// </summary>
public sealed class RequestAccess
{
    private string? tenant;

    public string Tenant =>
        tenant ?? throw new InvalidOperationException("The request's tenant has not been settled.");

    /// <summary>
    /// The caller's own education organization ids, or null for a credential over the whole tenant. An
    /// empty list (an Ed-Fi token without an educationOrganizationId claim) reads nothing.
    /// </summary>
    public IReadOnlyList<long>? EducationOrganizationIds { get; private set; }

    public void Grant(string tenantName, IReadOnlyList<long>? educationOrganizationIds)
    {
        tenant = tenantName;
        EducationOrganizationIds = educationOrganizationIds;
    }
}
