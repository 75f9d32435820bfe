using System.Net;
using Xunit;

namespace OneRoster.Projections.IntegrationTests.Api;

/// <summary>The nested endpoints, worked out from the stored objects of <see cref="HandWorkedRoster"/>.</summary>
public sealed class RelationshipTests(HandWorkedRoster fixture) : IClassFixture<HandWorkedRoster>
{
    private const string Base = "/ims/oneroster/rostering/v1p2";

    [Theory]
    [InlineData("schools/school-b/classes", "classes", "c2")]
    [InlineData("schools/school-a/courses", "courses", "k1")]
    [InlineData("schools/school-b/enrollments", "enrollments", "e2,e3,e4")]
    [InlineData("schools/school-b/students", "users", "u3")]
    [InlineData("schools/school-b/teachers", "users", "u2")]
    [InlineData("schools/school-b/terms", "academicSessions", "t1,t2")]
    [InlineData("schools/school-a/terms", "academicSessions", "t1")]
    [InlineData("schools/school-b/classes/c2/enrollments", "enrollments", "e2,e3,e4")]
    [InlineData("schools/school-b/classes/c2/students", "users", "u3")]
    [InlineData("schools/school-b/classes/c2/teachers", "users", "u2")]
    [InlineData("classes/c2/students", "users", "u3")]
    [InlineData("classes/c1/students", "users", "u1")]
    [InlineData("classes/c2/teachers", "users", "u2")]
    [InlineData("courses/k1/classes", "classes", "c1,c2")]
    [InlineData("terms/t2/classes", "classes", "c2")]
    [InlineData("terms/t1/classes", "classes", "c1,c2")]
    [InlineData("terms/t1/gradingPeriods", "academicSessions", "gp1")]
    [InlineData("users/u1/classes", "classes", "c1")]
    [InlineData("students/u3/classes", "classes", "c2")]
    [InlineData("teachers/u2/classes", "classes", "c2")]
    public async Task each_nested_endpoint_serves_the_related_objects(
        string path,
        string key,
        string expected
    )
    {
        using var response = await fixture.Client.GetAsync($"{Base}/{path}");

        Assert.Equal(expected, string.Join(',', await PagingTests.SourcedIdsAsync(response, key)));
    }

    [Fact]
    public async Task a_tobedeleted_enrollment_no_longer_places_a_student_in_a_class()
    {
        using var response = await fixture.Client.GetAsync($"{Base}/classes/c2/students");

        Assert.DoesNotContain("u1", await PagingTests.SourcedIdsAsync(response, "users"));
    }

    [Fact]
    public async Task filter_sort_and_paging_apply_to_nested_endpoints()
    {
        var filter = Uri.EscapeDataString("role='student'");
        using var response = await fixture.Client.GetAsync(
            $"{Base}/schools/school-b/enrollments?filter={filter}&sort=sourcedId&orderBy=desc&limit=1"
        );

        Assert.Equal(["e4"], await PagingTests.SourcedIdsAsync(response, "enrollments"));
        Assert.Equal("2", PagingTests.Header(response, "X-Total-Count"));
        Assert.Contains("offset=1>; rel=\"next\"", PagingTests.Header(response, "Link"));
    }

    [Theory]
    [InlineData("schools/nowhere/classes")]
    [InlineData("schools/k1/classes")]
    [InlineData("schools/school-a/classes/c2/students")]
    [InlineData("schools/school-b/classes/nothing/enrollments")]
    [InlineData("students/u2/classes")]
    [InlineData("teachers/u1/classes")]
    [InlineData("terms/gp1/classes")]
    public async Task an_unknown_or_mismatched_parent_is_a_404_unknownobject(string path)
    {
        using var response = await fixture.Client.GetAsync($"{Base}/{path}");

        await StatusInfoAssert.IsErrorAsync(response, HttpStatusCode.NotFound, "unknownobject");
    }
}
