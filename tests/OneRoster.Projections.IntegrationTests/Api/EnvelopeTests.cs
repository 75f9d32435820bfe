using System.Net;
using System.Text.Json;
using OneRoster.Projections.Storage;
using Xunit;

namespace OneRoster.Projections.IntegrationTests.Api;

/// <summary>One document of each class and kind, shared by the envelope and subset tests.</summary>
public sealed class RosterFixture : IAsyncLifetime
{
    /// <summary>Stored byte for byte: odd spacing and key order that re-serializing would change.</summary>
    public const string HandWrittenOrgJson =
        "{\"type\":\"district\",  \"sourcedId\":\"district-1\",\"status\":\"active\","
        + "\"dateLastModified\":\"2024-05-01T12:00:00.000Z\",\"name\":\"D\\u00e9partement\",\"identifier\":\"d1\"}";

    private ApiTestHost? host;

    public HttpClient Client => host!.Client;

    public static IReadOnlyList<OneRosterDocument> Roster { get; } =
    [
        Documents.WithJson("orgs", "district-1", "district", HandWrittenOrgJson),
        Documents.Org("school-1", "school"),
        Documents.AcademicSession("year-1", "schoolYear"),
        Documents.AcademicSession("term-1", "term"),
        Documents.AcademicSession("gp-1", "gradingPeriod"),
        Documents.Course("course-1"),
        Documents.Class("class-1"),
        Documents.Enrollment("enrollment-1", "student"),
        Documents.User("student-1", "student"),
        Documents.User("teacher-1", "teacher"),
        Documents.User("parent-1", "parent"),
        Documents.Demographics("student-1"),
    ];

    public async Task InitializeAsync() => host = await ApiTestHost.StartAsync(Roster);

    public async Task DisposeAsync()
    {
        if (host is not null)
        {
            await host.DisposeAsync();
        }
    }
}

public sealed class EnvelopeTests(RosterFixture fixture) : IClassFixture<RosterFixture>
{
    private const string Base = "/ims/oneroster/rostering/v1p2/";

    [Theory]
    [InlineData("academicSessions", "academicSessions", new[] { "gp-1", "term-1", "year-1" })]
    [InlineData("gradingPeriods", "academicSessions", new[] { "gp-1" })]
    [InlineData("terms", "academicSessions", new[] { "term-1" })]
    [InlineData("classes", "classes", new[] { "class-1" })]
    [InlineData("courses", "courses", new[] { "course-1" })]
    [InlineData("demographics", "demographics", new[] { "student-1" })]
    [InlineData("enrollments", "enrollments", new[] { "enrollment-1" })]
    [InlineData("orgs", "orgs", new[] { "district-1", "school-1" })]
    [InlineData("schools", "orgs", new[] { "school-1" })]
    [InlineData("users", "users", new[] { "parent-1", "student-1", "teacher-1" })]
    [InlineData("students", "users", new[] { "student-1" })]
    [InlineData("teachers", "users", new[] { "teacher-1" })]
    public async Task a_collection_answers_with_only_its_plural_base_class_key_holding_its_members(
        string path,
        string key,
        string[] sourcedIds
    )
    {
        using var response = await fixture.Client.GetAsync(Base + path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var property = Assert.Single(body.RootElement.EnumerateObject());
        Assert.Equal(key, property.Name);
        Assert.Equal(
            sourcedIds,
            property
                .Value.EnumerateArray()
                .Select(item => item.GetProperty("sourcedId").GetString())
                .ToArray()
        );
    }

    [Theory]
    [InlineData("academicSessions/year-1", "academicSession", "year-1")]
    [InlineData("gradingPeriods/gp-1", "academicSession", "gp-1")]
    [InlineData("terms/term-1", "academicSession", "term-1")]
    [InlineData("classes/class-1", "class", "class-1")]
    [InlineData("courses/course-1", "course", "course-1")]
    [InlineData("demographics/student-1", "demographics", "student-1")]
    [InlineData("enrollments/enrollment-1", "enrollment", "enrollment-1")]
    [InlineData("orgs/school-1", "org", "school-1")]
    [InlineData("schools/school-1", "org", "school-1")]
    [InlineData("users/parent-1", "user", "parent-1")]
    [InlineData("students/student-1", "user", "student-1")]
    [InlineData("teachers/teacher-1", "user", "teacher-1")]
    public async Task a_single_object_answers_with_only_its_singular_base_class_key(
        string path,
        string key,
        string sourcedId
    )
    {
        using var response = await fixture.Client.GetAsync(Base + path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("X-Total-Count"));
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var property = Assert.Single(body.RootElement.EnumerateObject());
        Assert.Equal(key, property.Name);
        Assert.Equal(JsonValueKind.Object, property.Value.ValueKind);
        Assert.Equal(sourcedId, property.Value.GetProperty("sourcedId").GetString());
    }

    [Fact]
    public async Task single_demographics_uses_the_plural_key_demographics_not_demographic()
    {
        var body = await fixture.Client.GetStringAsync(Base + "demographics/student-1");

        Assert.StartsWith("{\"demographics\":{", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task the_stored_json_is_served_byte_for_byte_inside_the_envelope()
    {
        var single = await fixture.Client.GetStringAsync(Base + "orgs/district-1");
        var collection = await fixture.Client.GetStringAsync(Base + "orgs");

        Assert.Equal("{\"org\":" + RosterFixture.HandWrittenOrgJson + "}", single);
        Assert.Contains(RosterFixture.HandWrittenOrgJson, collection, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("teachers/student-1")]
    [InlineData("students/teacher-1")]
    [InlineData("students/parent-1")]
    [InlineData("schools/district-1")]
    [InlineData("terms/gp-1")]
    [InlineData("gradingPeriods/term-1")]
    [InlineData("courses/class-1")]
    public async Task an_object_outside_the_subset_of_an_endpoint_is_unknown_there(string path)
    {
        using var response = await fixture.Client.GetAsync(Base + path);

        await StatusInfoAssert.IsErrorAsync(response, HttpStatusCode.NotFound, "unknownobject");
    }

    [Theory]
    [InlineData("users/nobody")]
    [InlineData("demographics/teacher-1")]
    [InlineData("orgs/school-1%7Cextra")]
    public async Task an_unknown_sourced_id_is_a_404_unknownobject_status_info(string path)
    {
        using var response = await fixture.Client.GetAsync(Base + path);

        await StatusInfoAssert.IsErrorAsync(response, HttpStatusCode.NotFound, "unknownobject");
    }

    [Fact]
    public async Task documents_of_another_tenant_are_never_served()
    {
        await using var other = await ApiTestHost.StartAsync([Documents.Org("other-tenant-org", "school")]);

        var mine = await fixture.Client.GetStringAsync(Base + "orgs");
        using var theirs = await fixture.Client.GetAsync(Base + "orgs/other-tenant-org");

        Assert.DoesNotContain("other-tenant-org", mine, StringComparison.Ordinal);
        await StatusInfoAssert.IsErrorAsync(theirs, HttpStatusCode.NotFound, "unknownobject");
    }
}
