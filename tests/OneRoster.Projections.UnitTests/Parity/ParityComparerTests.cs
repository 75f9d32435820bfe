using System.Text.Json.Nodes;
using OneRoster.Projections.Cli.Parity;
using Xunit;

namespace OneRoster.Projections.UnitTests.Parity;

public class ParityComparerTests
{
    // A class as the reference serves it (relative hrefs, its own order) and as we serve it.
    private const string ReferenceClass = """
        {"sourcedId":"c1","status":"active","dateLastModified":"2024-08-01T10:00:00.000Z","title":"Math 7",
         "classCode":"MATH-07","classType":"scheduled",
         "course":{"href":"/courses/k1","sourcedId":"k1","type":"course"},
         "school":{"href":"/orgs/s1","sourcedId":"s1","type":"org"},
         "terms":[{"href":"/academicSessions/t1","type":"academicSession","sourcedId":"t1"},
                  {"href":"/academicSessions/t2","type":"academicSession","sourcedId":"t2"}],
         "periods":["1","3"],
         "metadata":{"edfi":{"resource":"sections","naturalKey":{"schoolid":255901,"sectionIdentifier":"A"}}}}
        """;

    private const string OurClass = """
        {"sourcedId":"c1","status":"active","dateLastModified":"2025-01-02T03:04:05.678Z","title":"Math 7",
         "classCode":"MATH-07","classType":"scheduled",
         "course":{"href":"http://api.example/ims/oneroster/rostering/v1p2/courses/k1","sourcedId":"k1","type":"course"},
         "school":{"href":"http://api.example/ims/oneroster/rostering/v1p2/orgs/s1","sourcedId":"s1","type":"org"},
         "terms":[{"href":"http://api.example/ims/oneroster/rostering/v1p2/academicSessions/t2","sourcedId":"t2","type":"academicSession"},
                  {"href":"http://api.example/ims/oneroster/rostering/v1p2/academicSessions/t1","sourcedId":"t1","type":"academicSession"}],
         "periods":["3","1"],
         "metadata":{"edfi":{"naturalKey":{"sectionIdentifier":"A","schoolid":255901},"resource":"sections"}}}
        """;

    [Fact]
    public void reordered_arrays_other_hrefs_key_order_and_dateLastModified_are_not_differences()
    {
        var fields = ParityComparer.CompareDocuments(
            JsonNode.Parse(ReferenceClass),
            JsonNode.Parse(OurClass)
        );

        Assert.Empty(fields);
    }

    [Fact]
    public void a_reference_differing_only_in_href_matches()
    {
        var fields = ParityComparer.CompareDocuments(
            JsonNode.Parse(
                """{"sourcedId":"e1","user":{"href":"/users/u1","sourcedId":"u1","type":"user"}}"""
            ),
            JsonNode.Parse(
                """{"sourcedId":"e1","user":{"href":"https://x/users/u9","sourcedId":"u1","type":"user"}}"""
            )
        );

        Assert.Empty(fields);
    }

    [Fact]
    public void a_reference_to_another_sourcedId_or_type_differs_at_that_field()
    {
        var fields = ParityComparer.CompareDocuments(
            JsonNode.Parse(
                """{"sourcedId":"e1","user":{"href":"/users/u1","sourcedId":"u1","type":"user"}}"""
            ),
            JsonNode.Parse(
                """{"sourcedId":"e1","user":{"href":"/users/u1","sourcedId":"u2","type":"student"}}"""
            )
        );

        Assert.Equal(["user.sourcedId", "user.type"], fields.Select(f => f.Path));
        Assert.Equal("\"u1\"", fields[0].ExpectedText);
        Assert.Equal("\"u2\"", fields[0].ServedText);
    }

    [Fact]
    public void a_changed_nested_field_is_reported_by_its_path_with_both_values()
    {
        var served = JsonNode.Parse(OurClass)!;
        served["metadata"]!["edfi"]!["naturalKey"]!["schoolid"] = 255902;

        var fields = ParityComparer.CompareDocuments(JsonNode.Parse(ReferenceClass), served);

        var field = Assert.Single(fields);
        Assert.Equal("metadata.edfi.naturalKey.schoolid", field.Path);
        Assert.Equal("255901", field.ExpectedText);
        Assert.Equal("255902", field.ServedText);
    }

    [Fact]
    public void a_changed_field_inside_one_array_element_is_reported_under_the_expected_index()
    {
        // The served roles come in the other order, and the second expected role's org changed.
        var expected = JsonNode.Parse(
            """
            {"sourcedId":"u1","roles":[
              {"roleType":"primary","role":"teacher","org":{"href":"/orgs/s1","sourcedId":"s1","type":"org"}},
              {"roleType":"secondary","role":"teacher","org":{"href":"/orgs/s2","sourcedId":"s2","type":"org"}}]}
            """
        );
        var served = JsonNode.Parse(
            """
            {"sourcedId":"u1","roles":[
              {"roleType":"secondary","role":"teacher","org":{"href":"/orgs/s3","sourcedId":"s3","type":"org"}},
              {"roleType":"primary","role":"teacher","org":{"href":"/orgs/s1","sourcedId":"s1","type":"org"}}]}
            """
        );

        var field = Assert.Single(ParityComparer.CompareDocuments(expected, served));

        Assert.Equal("roles[1].org.sourcedId", field.Path);
        Assert.Equal("\"s2\"", field.ExpectedText);
        Assert.Equal("\"s3\"", field.ServedText);
    }

    [Fact]
    public void arrays_with_other_multiplicities_differ_as_a_whole()
    {
        var field = Assert.Single(
            ParityComparer.CompareDocuments(
                JsonNode.Parse("""{"sourcedId":"x","grades":["09","09","10"]}"""),
                JsonNode.Parse("""{"sourcedId":"x","grades":["10","09","10"]}""")
            )
        );

        Assert.Equal("grades", field.Path);
        Assert.Equal("""["09","09","10"]""", field.ExpectedText);
        Assert.Equal("""["10","09","10"]""", field.ServedText);
    }

    [Fact]
    public void absent_null_and_empty_string_are_three_different_things()
    {
        var fields = ParityComparer.CompareDocuments(
            JsonNode.Parse(
                """{"sourcedId":"u1","username":"","middleName":null,"preferredFirstName":"Al"}"""
            ),
            JsonNode.Parse("""{"sourcedId":"u1","middleName":"","preferredFirstName":null,"email":null}""")
        );

        Assert.Equal(
            [
                ("username", "\"\"", "(absent)"),
                ("middleName", "null", "\"\""),
                ("preferredFirstName", "\"Al\"", "null"),
                ("email", "(absent)", "null"),
            ],
            fields.Select(f => (f.Path, f.ExpectedText, f.ServedText))
        );
    }

    [Fact]
    public void dateLastModified_is_ignored_at_nested_levels_too()
    {
        var fields = ParityComparer.CompareDocuments(
            JsonNode.Parse("""{"sourcedId":"a","extra":{"dateLastModified":"2020-01-01","n":1}}"""),
            JsonNode.Parse("""{"sourcedId":"a","extra":{"n":1}}""")
        );

        Assert.Empty(fields);
    }

    [Fact]
    public void documents_are_matched_by_sourcedId_and_missing_extra_and_differing_ones_are_counted()
    {
        List<JsonNode?> expected =
        [
            JsonNode.Parse("""{"sourcedId":"a","status":"active","name":"A"}"""),
            JsonNode.Parse("""{"sourcedId":"b","status":"active","name":"B"}"""),
            JsonNode.Parse("""{"sourcedId":"c","status":"active","name":"C"}"""),
            JsonNode.Parse("""{"sourcedId":"d","status":"active","name":"D"}"""),
        ];
        List<JsonNode?> served =
        [
            JsonNode.Parse("""{"sourcedId":"d","status":"active","name":"D"}"""),
            JsonNode.Parse("""{"sourcedId":"e","status":"active","name":"E"}"""),
            JsonNode.Parse("""{"sourcedId":"b","status":"active","name":"Bee"}"""),
            JsonNode.Parse("""{"sourcedId":"a","status":"active","name":"A"}"""),
            JsonNode.Parse("""{"sourcedId":"f","status":"tobedeleted","name":"F"}"""),
        ];

        var result = ParityComparer.Compare("orgs", expected, served);

        Assert.Equal(4, result.Expected);
        Assert.Equal(5, result.Served);
        Assert.Equal(2, result.Matching);
        var differing = Assert.Single(result.Differing);
        Assert.Equal("b", differing.SourcedId);
        Assert.Equal("name", Assert.Single(differing.Fields).Path);
        Assert.Equal(["c"], result.Missing);
        Assert.Equal(["e"], result.Extra);
        // A tombstone nobody expects is what we keep where the reference drops the row (mapping.md D1).
        Assert.Equal(1, result.Retired);
        Assert.False(result.AllMatch);
    }

    [Fact]
    public void an_expected_document_served_as_tobedeleted_differs_in_status()
    {
        var result = ParityComparer.Compare(
            "users",
            [JsonNode.Parse("""{"sourcedId":"a","status":"active"}""")],
            [JsonNode.Parse("""{"sourcedId":"a","status":"tobedeleted"}""")]
        );

        Assert.Equal("status", Assert.Single(Assert.Single(result.Differing).Fields).Path);
        Assert.Equal(0, result.Retired);
    }

    [Fact]
    public void identical_collections_in_another_order_all_match()
    {
        var result = ParityComparer.Compare(
            "orgs",
            [JsonNode.Parse("""{"sourcedId":"a"}"""), JsonNode.Parse("""{"sourcedId":"b"}""")],
            [JsonNode.Parse("""{"sourcedId":"b"}"""), JsonNode.Parse("""{"sourcedId":"a"}""")]
        );

        Assert.True(result.AllMatch);
        Assert.Equal(2, result.Matching);
    }
}
