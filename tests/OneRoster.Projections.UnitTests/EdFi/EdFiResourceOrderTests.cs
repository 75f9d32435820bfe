using OneRoster.Projections.EdFi;
using Xunit;

namespace OneRoster.Projections.UnitTests.EdFi;

public sealed class EdFiResourceOrderTests
{
    private static readonly IReadOnlyList<EdFiResource> Catalog =
    [
        new("schools", []),
        new("sessions", []),
        new("students", []),
        new("staffs", []),
        new("studentSchoolAssociations", []),
    ];

    [Fact]
    public void resources_follow_the_dependency_order_and_unlisted_ones_keep_catalog_order_at_the_end()
    {
        var orders = new Dictionary<string, int>
        {
            ["studentSchoolAssociations"] = 4,
            ["students"] = 1,
            ["Schools"] = 2,
        };

        var arranged = EdFiResourceOrder.Arrange(Catalog, orders);

        Assert.Equal(
            ["students", "schools", "studentSchoolAssociations", "sessions", "staffs"],
            arranged.Select(r => r.Name)
        );
    }

    [Fact]
    public void resources_with_the_same_order_keep_their_catalog_order()
    {
        var orders = new Dictionary<string, int>
        {
            ["staffs"] = 1,
            ["students"] = 1,
            ["schools"] = 1,
            ["sessions"] = 0,
        };

        var arranged = EdFiResourceOrder.Arrange(Catalog, orders);

        Assert.Equal(
            ["sessions", "schools", "students", "staffs", "studentSchoolAssociations"],
            arranged.Select(r => r.Name)
        );
    }

    [Fact]
    public void without_a_dependency_document_the_catalog_order_stands()
    {
        Assert.Equal(
            Catalog.Select(r => r.Name),
            EdFiResourceOrder.Arrange(Catalog, null).Select(r => r.Name)
        );
    }
}
