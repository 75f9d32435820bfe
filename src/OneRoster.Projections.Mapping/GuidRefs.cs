using System.Text.Json.Nodes;

namespace OneRoster.Projections.Mapping;

/// <summary>
/// OneRoster GUIDRefs <c>{"href","sourcedId","type"}</c> with an absolute href
/// <c>{HrefBase}/{collection}/{sourcedId}</c> (mapping.md D3).
/// </summary>
internal sealed class GuidRefs(string hrefBase)
{
    private readonly string hrefBase = hrefBase.TrimEnd('/');

    public JsonObject Org(string sourcedId) => Make("orgs", "org", sourcedId);

    public JsonObject AcademicSession(string sourcedId) =>
        Make("academicSessions", "academicSession", sourcedId);

    public JsonObject Course(string sourcedId) => Make("courses", "course", sourcedId);

    public JsonObject Class(string sourcedId) => Make("classes", "class", sourcedId);

    public JsonObject User(string sourcedId) => Make("users", "user", sourcedId);

    private JsonObject Make(string collection, string type, string sourcedId) =>
        new()
        {
            ["href"] = $"{hrefBase}/{collection}/{sourcedId}",
            ["sourcedId"] = sourcedId,
            ["type"] = type,
        };
}
