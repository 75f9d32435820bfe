namespace OneRoster.Projections.Storage.Security;

/// <summary>
/// A OneRoster API consumer (a vendor's integration): the client id it authenticates with, a hash of its
/// secret, the tenant whose data it reads and, when set, the education organizations it is limited to.
/// </summary>
public sealed class ApiClient
{
    /// <summary>The OAuth2 <c>client_id</c>.</summary>
    public string Id { get; set; } = "";

    /// <summary>Who the credential was handed to, for the operator's list.</summary>
    public string Name { get; set; } = "";

    public string Tenant { get; set; } = "";

    /// <summary>
    /// Education organizations (schools, LEAs, SEAs) the client may read, with everything below them. Empty
    /// means the whole tenant.
    /// </summary>
    public List<long> EducationOrganizationIds { get; set; } = [];

    /// <summary>The scopes a token for this client may carry; a request for others gets only these.</summary>
    public List<string> Scopes { get; set; } = [];

    /// <summary><see cref="ClientSecrets.Hash"/> of the current secret; the secret itself is never stored.</summary>
    public string SecretHash { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? SecretRotatedAt { get; set; }

    /// <summary>Set when revoked: the client can no longer obtain tokens.</summary>
    public DateTimeOffset? RevokedAt { get; set; }

    public bool IsRevoked => RevokedAt is not null;
}
