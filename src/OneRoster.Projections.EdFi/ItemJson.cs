using System.Text.Json;

namespace OneRoster.Projections.EdFi;

/// <summary>
/// How Ed-Fi JSON is read everywhere. An item's extensions (<c>_ext</c>) may nest deeper than the
/// default limit of 64; one such item must not stop the page (or the whole sync) it arrives in.
/// </summary>
public static class ItemJson
{
    public static readonly JsonDocumentOptions Options = new() { MaxDepth = 1024 };

    public static readonly JsonSerializerOptions SerializerOptions = new() { MaxDepth = 1024 };
}
