using System.Text.Json.Serialization;

namespace OneRoster.Projections.Storage;

/// <summary>
/// One served OneRoster object. <see cref="Json"/> is the complete object as the API returns it;
/// the other properties are duplicated into columns so the API can filter, sort and page without
/// reading the JSON.
/// </summary>
public sealed class OneRosterDocument
{
    /// <summary><c>{class}|{sourcedId}</c>.</summary>
    public string Id { get; set; } = "";

    /// <summary>Collection the object belongs to: orgs, academicSessions, courses, classes, enrollments, users, demographics.</summary>
    public string Class { get; set; } = "";

    public string SourcedId { get; set; } = "";

    /// <summary><c>active</c> or <c>tobedeleted</c>.</summary>
    public string Status { get; set; } = "active";

    public DateTimeOffset DateLastModified { get; set; }

    /// <summary>
    /// What subset endpoints select on: org type (school, district, state), academicSession type
    /// (term, gradingPeriod, semester, schoolYear), user role (student, teacher, parent, …), enrollment role.
    /// </summary>
    public string? Kind { get; set; }

    /// <summary>Hash of the content without status and dateLastModified; unchanged content is not rewritten.</summary>
    public string ContentHash { get; set; } = "";

    public string Json { get; set; } = "";

    /// <summary>Education organizations the object belongs to, for row-level authorization.</summary>
    public List<long> EducationOrganizationIds { get; set; } = [];

    public string MappingVersion { get; set; } = "";

    /// <summary>The documents computed together with this one; an incremental recompute replaces whole partitions.</summary>
    public string? Partition { get; set; }

    /// <summary>
    /// The objects this one points to, as <see cref="RelatedIds"/> keys, worked out from <see cref="Json"/>
    /// on every write so that nested endpoints find their rows through one index. Not part of the stored JSON.
    /// </summary>
    [JsonIgnore]
    public List<string> RelatedIds => Storage.RelatedIds.Of(Json);

    public static string IdOf(string @class, string sourcedId) => @class + "|" + sourcedId;
}
