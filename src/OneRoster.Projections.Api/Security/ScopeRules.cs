using OneRoster.Projections.Storage.Security;

namespace OneRoster.Projections.Api.Security;

/// <summary>One authorization policy: the endpoint is allowed when the token holds any of these scopes.</summary>
public sealed record ScopeRule(string Policy, IReadOnlyList<string> AnyOf)
{
    /// <summary>Whole-string comparison only: a scope that merely contains one of these does not count.</summary>
    public bool IsMetBy(IReadOnlySet<string> scopes) => AnyOf.Any(scopes.Contains);
}

/// <summary>
/// Which scope each rostering endpoint needs (oneroster-api.md §1 and §6): the core collection and
/// single reads take roster-core or roster; nested (relationship) reads take roster alone; the two
/// demographics reads take roster-demographics alone (roster.readonly does not cover them).
/// </summary>
public static class ScopeRules
{
    public static ScopeRule Core { get; } =
        new("roster-core", [OneRosterScopes.RosterCore, OneRosterScopes.Roster]);

    public static ScopeRule Relationships { get; } = new("roster", [OneRosterScopes.Roster]);

    public static ScopeRule Demographics { get; } =
        new("roster-demographics", [OneRosterScopes.Demographics]);

    public static IReadOnlyList<ScopeRule> All { get; } = [Core, Relationships, Demographics];

    public static ScopeRule For(RosteringCollection collection, Relationship? relationship) =>
        relationship is not null ? Relationships
        : collection.DocumentClass == "demographics" ? Demographics
        : Core;

    public static ScopeRule? ForEndpoint(Endpoint? endpoint) =>
        endpoint?.Metadata.GetMetadata<CollectionEndpointMetadata>() is { } metadata
            ? For(metadata.Collection, metadata.Relationship)
            : null;
}
