namespace OneRoster.Projections.Storage;

/// <summary>
/// A tenant added at run time (the CLI's <c>tenants add</c>): one Ed-Fi source whose data the poller reads
/// and the API serves under <c>/{tenant}/ims/oneroster/rostering/v1p2</c>. Tenants can also come from
/// configuration; these live beside them in PostgreSQL.
/// </summary>
/// <remarks>
/// The Ed-Fi client secret is stored as given, because the poller has to present it; whoever can read
/// this table can read the ODS with that credential.
/// </remarks>
public sealed class TenantDefinition
{
    /// <summary>The tenant name, as used in routes, messages and the Marten tenant column.</summary>
    public string Id { get; set; } = "";

    /// <summary>The Ed-Fi API base URL, with any tenant or school-year route segments.</summary>
    public string BaseUrl { get; set; } = "";

    public string ClientKey { get; set; } = "";

    public string ClientSecret { get; set; } = "";

    /// <summary>Data standard version, e.g. <c>5.2.0</c>; null to read it from the source's discovery document.</summary>
    public string? DataStandard { get; set; }

    public int PollIntervalSeconds { get; set; } = 30;

    public DateTimeOffset AddedAt { get; set; }

    /// <summary><see cref="FromCli"/>, or <see cref="FromConfiguration"/> for those the poller registers.</summary>
    public string Origin { get; set; } = FromCli;

    public const string FromCli = "cli";
    public const string FromConfiguration = "configuration";
}
