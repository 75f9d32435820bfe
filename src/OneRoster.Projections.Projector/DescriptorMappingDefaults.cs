using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using OneRoster.Projections.Mapping;

namespace OneRoster.Projections.Projector;

/// <summary>
/// The descriptor-mapping tables operators edit under <c>projections/</c>, read once at start-up, and the
/// mapping version they form together with the mapping code's version and the href base: when any of
/// them changes, every tenant is recomputed.
/// </summary>
public sealed class DescriptorMappingDefaults
{
    public DescriptorMappingDefaults(IOptions<ProjectorOptions> options)
    {
        Folder = options.Value.ProjectionsFolder is { Length: > 0 } configured ? configured : FindFolder();
        Table = DescriptorMappingTable.LoadFolder(Path.Combine(Folder, "descriptor-mappings"));
        // The href base is part of every GUIDRef, so moving the API re-projects too.
        MappingVersion =
            OneRosterMapper.Version
            + "+"
            + HashOfFiles(Path.Combine(Folder, "descriptor-mappings"), options.Value.HrefBase);
    }

    public string Folder { get; }

    public DescriptorMappingTable Table { get; }

    public string MappingVersion { get; }

    /// <summary><c>projections/</c> beside the app, or in the nearest parent folder (a source checkout).</summary>
    private static string FindFolder()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "projections");
                if (Directory.Exists(Path.Combine(candidate, "descriptor-mappings")))
                {
                    return candidate;
                }
            }
        }
        throw new InvalidOperationException(
            "No projections/descriptor-mappings folder found; set Projector:ProjectionsFolder."
        );
    }

    private static string HashOfFiles(string folder, string hrefBase)
    {
        var builder = new StringBuilder(hrefBase).Append('\n');
        foreach (var file in Directory.GetFiles(folder, "*.json").Order(StringComparer.Ordinal))
        {
            builder.Append(Path.GetFileName(file)).Append('\n').Append(File.ReadAllText(file)).Append('\n');
        }
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(builder.ToString())))[..12];
    }
}
