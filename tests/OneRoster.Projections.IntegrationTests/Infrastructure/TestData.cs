using System.Security.Cryptography;
using System.Text;

namespace OneRoster.Projections.IntegrationTests.Infrastructure;

public static class TestData
{
    /// <summary><c>tests/data/grand-bend/ds-5.2</c> of this repository (Ed-Fi's sample district).</summary>
    public static string GrandBendDs52 =>
        Path.Combine(RepositoryRoot(), "tests", "data", "grand-bend", "ds-5.2");

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "OneRoster.Projections.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("The tests run outside a checkout of the repository.");
    }

    /// <summary>The sourcedId rule of mapping.md: lowercase hex MD5 of the UTF-8 bytes.</summary>
    public static string Md5(string text) =>
        Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(text)));
}
