using System.Net;
using System.Text.Json;
using Xunit;

namespace OneRoster.Projections.IntegrationTests.Api;

/// <summary>Checks that a response is an imsx_StatusInfo error of the OneRoster 1.2 OpenAPI and nothing more.</summary>
public static class StatusInfoAssert
{
    private static readonly string[] AllowedKeys =
    [
        "imsx_codeMajor",
        "imsx_severity",
        "imsx_description",
        "imsx_CodeMinor",
    ];

    public static async Task IsErrorAsync(
        HttpResponseMessage response,
        HttpStatusCode status,
        string codeMinor
    )
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStringAsync();
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;

        Assert.All(root.EnumerateObject(), property => Assert.Contains(property.Name, AllowedKeys));
        Assert.Equal("failure", root.GetProperty("imsx_codeMajor").GetString());
        Assert.Equal("error", root.GetProperty("imsx_severity").GetString());
        var field = Assert.Single(
            root.GetProperty("imsx_CodeMinor").GetProperty("imsx_codeMinorField").EnumerateArray()
        );
        Assert.Equal("TargetEndSystem", field.GetProperty("imsx_codeMinorFieldName").GetString());
        Assert.Equal(codeMinor, field.GetProperty("imsx_codeMinorFieldValue").GetString());
    }
}
