namespace OneRoster.Projections.Mapping;

/// <summary>Ed-Fi descriptor URIs: <c>uri://ed-fi.org/TermDescriptor#Fall Semester</c> = namespace # codeValue.</summary>
public static class DescriptorValue
{
    /// <summary>Splits at the first <c>#</c>; false when the value is null or has no <c>#</c>.</summary>
    public static bool TryParse(string? uri, out string ns, out string codeValue)
    {
        var hash = uri is null ? -1 : uri.IndexOf('#', StringComparison.Ordinal);
        if (hash < 0)
        {
            ns = codeValue = "";
            return false;
        }
        ns = uri![..hash];
        codeValue = uri[(hash + 1)..];
        return true;
    }

    /// <summary>The codeValue (text after <c>#</c>), or null when absent or not a descriptor URI.</summary>
    public static string? CodeValue(string? uri) => TryParse(uri, out _, out var code) ? code : null;
}
