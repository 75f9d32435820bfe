using System.Text.Json;
using System.Text.Json.Nodes;

namespace OneRoster.Projections.Mapping;

/// <summary>Fields every users row (student, staff, contact) builds the same way (mapping.md 1.7).</summary>
internal static class PersonFields
{
    /// <summary>One role entry; <paramref name="role"/> may be null (a staff classification that maps to nothing).</summary>
    public sealed record Role(string RoleType, string? RoleName, long OrgId);

    /// <summary>roles in a stable order: by org sourcedId, then role (D4).</summary>
    public static JsonArray Roles(MappingContext ctx, IEnumerable<Role> roles) =>
        roles
            .Select(r => (r, OrgSourcedId: ctx.OrgId(r.OrgId)))
            .OrderBy(x => x.OrgSourcedId, StringComparer.Ordinal)
            .ThenBy(x => x.r.RoleName ?? "", StringComparer.Ordinal)
            .Select(x =>
                (JsonNode?)
                    new JsonObject
                    {
                        ["roleType"] = x.r.RoleType,
                        ["role"] = x.r.RoleName,
                        ["org"] = ctx.Refs.Org(x.OrgSourcedId),
                    }
            )
            .ToJsonArray();

    /// <summary>
    /// D7: roles for a person with no school, one per organization where they are otherwise recorded; the first
    /// role of each organization (in role order) is primary.
    /// </summary>
    public static List<Role> FallbackRoles(IEnumerable<(long OrgId, string Role)> recorded) =>
        [
            .. recorded
                .Distinct()
                .GroupBy(r => r.OrgId)
                .SelectMany(g =>
                    g.OrderBy(r => r.Role, StringComparer.Ordinal)
                        .Select((r, i) => new Role(i == 0 ? "primary" : "secondary", r.Role, r.OrgId))
                ),
        ];

    /// <summary>userIds entry; jsonb gives the reference the key order type, identifier.</summary>
    public static JsonObject UserId(string type, string identifier) =>
        new() { ["type"] = type, ["identifier"] = identifier };

    /// <summary>
    /// The body of a users row in OneRoster key order, up to <c>roles</c> excluded: username, userIds,
    /// enabledUser and names. Preferred names do not exist in DS 4.0 (⚑).
    /// </summary>
    public static JsonObject Body(
        MappingContext ctx,
        string sourcedId,
        JsonObject metadata,
        JsonElement person,
        string? email,
        JsonArray? userIds
    )
    {
        var body = new JsonObject { ["sourcedId"] = sourcedId, ["metadata"] = metadata };
        body.Put("username", email);
        body.Put("userIds", userIds);
        body["enabledUser"] = "true";
        body.Put("givenName", person.Str("firstName"));
        body.Put("familyName", person.Str("lastSurname"));
        body.Put("middleName", person.Str("middleName"));
        if (!ctx.IsDataStandard4)
        {
            body.Put("preferredFirstName", person.Str("preferredFirstName"));
            body.Put("preferredLastName", person.Str("preferredLastSurname"));
        }
        return body;
    }
}
