using System.Net;
using OneRoster.Projections.IntegrationTests.Api;
using OneRoster.Projections.IntegrationTests.Infrastructure;
using Xunit;
using static OneRoster.Projections.IntegrationTests.Security.SecurityHttp;

namespace OneRoster.Projections.IntegrationTests.Security;

public sealed class RiversideFixture : IAsyncLifetime
{
    private ApiTestHost? host;

    public ApiTestHost Host => host!;

    public string School100Token { get; private set; } = "";

    public string District10Token { get; private set; } = "";

    public async Task InitializeAsync()
    {
        host = await ApiTestHost.StartAsync(RiversideDistrict.All);
        School100Token = await TestAuth.TokenAsync(host.App, host.Tenant, [100]);
        District10Token = await TestAuth.TokenAsync(host.App, host.Tenant, [10]);
    }

    public async Task DisposeAsync() => await host!.DisposeAsync();
}

/// <summary>
/// Row-level authorization (mapping.md §4) on the hand-built Riverside state: a school credential and a
/// district credential each read exactly their part, document by document, through collections, single
/// objects, subsets and nested endpoints; no filter reaches past it.
/// </summary>
public sealed class EducationOrganizationScopingTests(RiversideFixture fixture)
    : IClassFixture<RiversideFixture>
{
    private HttpClient Http { get; } = fixture.Host.Anonymous();

    public static TheoryData<string> Credentials => new() { "school-100", "district-10" };

    private (string Token, IReadOnlyDictionary<string, string[]> Expected) Credential(string name) =>
        name == "school-100"
            ? (fixture.School100Token, RiversideDistrict.School100)
            : (fixture.District10Token, RiversideDistrict.District10);

    [Theory]
    [MemberData(nameof(Credentials))]
    public async Task each_collection_lists_exactly_the_credentials_documents(string credential)
    {
        var (token, expected) = Credential(credential);
        foreach (var (documentClass, ids) in expected)
        {
            var collection = RiversideDistrict.CollectionOf(documentClass);
            var path = $"/ims/oneroster/rostering/v1p2/{collection.Path}?limit=1000";
            Assert.Equal(ids, await SourcedIdsAsync(Http, path, token, collection.CollectionKey));
        }
    }

    [Theory]
    [MemberData(nameof(Credentials))]
    public async Task every_document_is_readable_alone_only_when_the_credential_covers_it(string credential)
    {
        var (token, expected) = Credential(credential);
        foreach (var document in RiversideDistrict.All)
        {
            var collection = RiversideDistrict.CollectionOf(document.Class);
            using var response = await GetAsync(
                Http,
                $"/ims/oneroster/rostering/v1p2/{collection.Path}/{document.SourcedId}",
                token
            );
            var visible = expected[document.Class].Contains(document.SourcedId);
            Assert.True(
                response.StatusCode == (visible ? HttpStatusCode.OK : HttpStatusCode.NotFound),
                $"{document.Class}/{document.SourcedId}: {(int)response.StatusCode}"
            );
        }
    }

    [Fact]
    public async Task subset_endpoints_keep_the_school_credential_inside_its_school()
    {
        var token = fixture.School100Token;
        const string Base = "/ims/oneroster/rostering/v1p2/";
        Assert.Equal(["sch-100"], await SourcedIdsAsync(Http, Base + "schools", token, "orgs"));
        Assert.Equal(["stu-100"], await SourcedIdsAsync(Http, Base + "students", token, "users"));
        Assert.Equal(["tea-100"], await SourcedIdsAsync(Http, Base + "teachers", token, "users"));
        Assert.Equal(["term-100"], await SourcedIdsAsync(Http, Base + "terms", token, "academicSessions"));
        Assert.Equal(
            ["gp-100"],
            await SourcedIdsAsync(Http, Base + "gradingPeriods", token, "academicSessions")
        );
    }

    [Fact]
    public async Task nested_endpoints_treat_a_parent_outside_the_credential_as_unknown()
    {
        var token = fixture.School100Token;
        const string Base = "/ims/oneroster/rostering/v1p2/";
        foreach (
            var path in new[]
            {
                "schools/sch-200/classes",
                "classes/cls-101/students",
                "terms/term-200/classes",
                "users/stu-200/classes",
                "schools/sch-101/students",
            }
        )
        {
            using var response = await GetAsync(Http, Base + path, token);
            await StatusInfoAssert.IsErrorAsync(response, HttpStatusCode.NotFound, "unknownobject");
        }

        Assert.Equal(
            ["stu-100"],
            await SourcedIdsAsync(Http, Base + "classes/cls-100/students", token, "users")
        );
        Assert.Equal(
            ["tea-100"],
            await SourcedIdsAsync(Http, Base + "schools/sch-100/teachers", token, "users")
        );
        Assert.Equal(
            ["cls-100"],
            await SourcedIdsAsync(Http, Base + "users/stu-100/classes", token, "classes")
        );
    }

    [Fact]
    public async Task the_district_credential_reads_classes_of_both_its_schools_but_not_the_other_districts()
    {
        var token = fixture.District10Token;
        const string Base = "/ims/oneroster/rostering/v1p2/";
        Assert.Equal(
            ["cls-101"],
            await SourcedIdsAsync(Http, Base + "schools/sch-101/classes", token, "classes")
        );
        using var response = await GetAsync(Http, Base + "schools/sch-200/classes", token);
        await StatusInfoAssert.IsErrorAsync(response, HttpStatusCode.NotFound, "unknownobject");
    }

    [Fact]
    public async Task a_credential_over_the_whole_tenant_reads_every_document()
    {
        var token = await TestAuth.TokenAsync(fixture.Host.App, fixture.Host.Tenant);
        foreach (var group in RiversideDistrict.All.GroupBy(d => d.Class))
        {
            var collection = RiversideDistrict.CollectionOf(group.Key);
            Assert.Equal(
                group.Select(d => d.SourcedId).Order(StringComparer.Ordinal).ToArray(),
                await SourcedIdsAsync(
                    Http,
                    $"/ims/oneroster/rostering/v1p2/{collection.Path}?limit=1000",
                    token,
                    collection.CollectionKey
                )
            );
        }
    }

    [Theory]
    [InlineData("status='active' OR sourcedId!=''")]
    [InlineData("sourcedId='stu-200' OR sourcedId='stu-100'")]
    [InlineData("sourcedId!='x' OR status!='active'")]
    public async Task an_or_in_the_filter_does_not_reach_past_the_credential(string filter)
    {
        var path = $"/ims/oneroster/rostering/v1p2/users?limit=1000&filter={Uri.EscapeDataString(filter)}";

        var ids = await SourcedIdsAsync(Http, path, fixture.School100Token, "users");

        Assert.All(ids, id => Assert.Contains(id, RiversideDistrict.School100["users"]));
        Assert.Contains("stu-100", ids);
    }
}
