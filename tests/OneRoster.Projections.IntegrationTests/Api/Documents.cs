using System.Text.Json;
using OneRoster.Projections.Storage;

namespace OneRoster.Projections.IntegrationTests.Api;

/// <summary>OneRosterDocuments as the projector stores them, with small but well-formed OneRoster JSON.</summary>
public static class Documents
{
    public static readonly DateTimeOffset Modified = new(2024, 5, 1, 12, 0, 0, TimeSpan.Zero);

    public static OneRosterDocument Org(string sourcedId, string type) =>
        Create(
            "orgs",
            sourcedId,
            type,
            new()
            {
                ["name"] = "Org " + sourcedId,
                ["type"] = type,
                ["identifier"] = sourcedId,
            }
        );

    public static OneRosterDocument AcademicSession(string sourcedId, string type) =>
        Create(
            "academicSessions",
            sourcedId,
            type,
            new()
            {
                ["title"] = "Session " + sourcedId,
                ["type"] = type,
                ["startDate"] = "2023-08-01",
                ["endDate"] = "2024-06-01",
                ["schoolYear"] = "2024",
            }
        );

    public static OneRosterDocument Course(string sourcedId) =>
        Create(
            "courses",
            sourcedId,
            null,
            new() { ["title"] = "Course " + sourcedId, ["courseCode"] = sourcedId }
        );

    public static OneRosterDocument Class(string sourcedId) =>
        Create("classes", sourcedId, null, new() { ["title"] = "Class " + sourcedId });

    public static OneRosterDocument Enrollment(string sourcedId, string role) =>
        Create("enrollments", sourcedId, role, new() { ["role"] = role });

    /// <summary>An enrollment of <paramref name="user"/> in <paramref name="class"/>.</summary>
    public static OneRosterDocument Enrollment(string sourcedId, string role, string user, string @class) =>
        Create(
            "enrollments",
            sourcedId,
            role,
            new()
            {
                ["role"] = role,
                ["user"] = new Dictionary<string, string> { ["sourcedId"] = user, ["type"] = "user" },
                ["class"] = new Dictionary<string, string> { ["sourcedId"] = @class, ["type"] = "class" },
            }
        );

    public static OneRosterDocument User(string sourcedId, string role) =>
        Create(
            "users",
            sourcedId,
            role,
            new()
            {
                ["enabledUser"] = "true",
                ["givenName"] = "Given " + sourcedId,
                ["familyName"] = "Family",
            }
        );

    public static OneRosterDocument Demographics(string sourcedId) =>
        Create("demographics", sourcedId, null, new() { ["birthDate"] = "2010-01-02" });

    /// <summary>A document whose JSON is exactly <paramref name="json"/>, spacing and key order included.</summary>
    public static OneRosterDocument WithJson(string @class, string sourcedId, string? kind, string json) =>
        new()
        {
            Id = OneRosterDocument.IdOf(@class, sourcedId),
            Class = @class,
            SourcedId = sourcedId,
            Status = "active",
            DateLastModified = Modified,
            Kind = kind,
            ContentHash = "hash-" + sourcedId,
            Json = json,
        };

    private static OneRosterDocument Create(
        string @class,
        string sourcedId,
        string? kind,
        Dictionary<string, object> fields
    )
    {
        var json = new Dictionary<string, object>
        {
            ["sourcedId"] = sourcedId,
            ["status"] = "active",
            ["dateLastModified"] = "2024-05-01T12:00:00.000Z",
        };
        foreach (var (name, value) in fields)
        {
            json[name] = value;
        }

        return WithJson(@class, sourcedId, kind, JsonSerializer.Serialize(json));
    }
}
