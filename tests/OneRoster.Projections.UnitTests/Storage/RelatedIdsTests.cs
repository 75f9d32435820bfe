using OneRoster.Projections.Storage;
using Xunit;

namespace OneRoster.Projections.UnitTests.Storage;

public sealed class RelatedIdsTests
{
    [Fact]
    public void An_enrollment_relates_to_its_user_class_and_school()
    {
        const string json = """
            {"sourcedId":"e1","status":"active","role":"student","primary":"false",
             "user":{"href":"/users/u1","sourcedId":"u1","type":"user"},
             "class":{"href":"/classes/c1","sourcedId":"c1","type":"class"},
             "school":{"href":"/orgs/s1","sourcedId":"s1","type":"org"}}
            """;

        Assert.Equal(["class:c1", "school:s1", "user:u1"], RelatedIds.Of(json).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_class_relates_to_its_course_school_and_every_term()
    {
        const string json = """
            {"sourcedId":"c1","course":{"sourcedId":"k1","type":"course"},"school":{"sourcedId":"s1","type":"org"},
             "terms":[{"sourcedId":"t1","type":"academicSession"},{"sourcedId":"t2","type":"academicSession"}]}
            """;

        Assert.Equal(
            ["course:k1", "school:s1", "term:t1", "term:t2"],
            RelatedIds.Of(json).Order(StringComparer.Ordinal)
        );
    }

    [Fact]
    public void A_user_relates_to_each_role_at_its_org()
    {
        const string json = """
            {"sourcedId":"u1","roles":[
              {"roleType":"primary","role":"student","org":{"sourcedId":"s1","type":"org"}},
              {"roleType":"secondary","role":"aide","org":{"sourcedId":"s2","type":"org"}},
              {"roleType":"secondary","role":"teacher"}]}
            """;

        Assert.Equal(["role:aide:s2", "role:student:s1"], RelatedIds.Of(json).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Courses_and_sessions_relate_to_their_org_and_parent()
    {
        Assert.Equal(
            ["org:s1"],
            RelatedIds.Of("""{"org":{"sourcedId":"s1"},"schoolYear":{"sourcedId":"y"}}""")
        );
        Assert.Equal(["parent:t1"], RelatedIds.Of("""{"parent":{"sourcedId":"t1"},"children":[]}"""));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    [InlineData("""{"class":"c1","user":{"sourcedId":7},"terms":{"sourcedId":"t1"},"roles":[1,"x"]}""")]
    public void What_is_not_a_reference_relates_to_nothing(string json)
    {
        Assert.Empty(RelatedIds.Of(json));
    }
}
