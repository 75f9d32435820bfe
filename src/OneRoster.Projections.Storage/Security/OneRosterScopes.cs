namespace OneRoster.Projections.Storage.Security;

/// <summary>The OneRoster 1.2 rostering scopes (oneroster-api.md §6), compared as whole strings only.</summary>
public static class OneRosterScopes
{
    public const string RosterCore = "https://purl.imsglobal.org/spec/or/v1p2/scope/roster-core.readonly";
    public const string Roster = "https://purl.imsglobal.org/spec/or/v1p2/scope/roster.readonly";
    public const string Demographics =
        "https://purl.imsglobal.org/spec/or/v1p2/scope/roster-demographics.readonly";

    public static IReadOnlyList<string> All { get; } = [RosterCore, Roster, Demographics];

    public static bool IsKnown(string scope) => All.Contains(scope, StringComparer.Ordinal);
}
