using System.Diagnostics.Metrics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Marten;
using OneRoster.Projections.Contracts;
using OneRoster.Projections.EdFi;
using OneRoster.Projections.Storage;

namespace OneRoster.Projections.Projector;

/// <summary>
/// Keeps Ed-Fi records the projector cannot read, with the reason, instead of failing their page.
/// Each one is logged (resource and reason, never the content: it may hold personal data) and counted.
/// </summary>
public sealed partial class Quarantine(ILogger<Quarantine> logger, IMeterFactory meters, TimeProvider clock)
{
    public const string MeterName = "OneRoster.Projections.Projector";

    private readonly Counter<long> counter = meters
        .Create(MeterName)
        .CreateCounter<long>(
            "oneroster.projector.quarantined_records",
            description: "Ed-Fi records put in quarantine"
        );

    public void Add(IDocumentSession session, EdFiChangePageV1 page, string raw, string reason)
    {
        var edFiId = TryReadId(raw);
        var entry = new QuarantineEntry
        {
            Id = $"{page.Resource}|{page.Kind}|{edFiId ?? Hash(raw)}",
            Resource = page.Resource,
            Stage = page.Kind.ToString(),
            Reason = reason,
            RawJson = raw,
            ChangeVersion = page.MaxChangeVersion,
            QuarantinedAt = clock.GetUtcNow(),
        };
        session.Store(entry);
        counter.Add(1, new KeyValuePair<string, object?>("resource", page.Resource));
        LogQuarantined(page.Tenant, page.Resource, page.Kind, edFiId ?? "(no id)", reason);
    }

    private static string? TryReadId(string raw)
    {
        try
        {
            using var document = JsonDocument.Parse(raw, ItemJson.Options);
            return
                document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("id", out var id)
                && id.ValueKind == JsonValueKind.String
                ? id.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Hash(string raw) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(raw)))[..32];

    [LoggerMessage(
        EventId = 2001,
        Level = LogLevel.Warning,
        Message = "Quarantined a {Resource} {Kind} record of tenant {Tenant} (Ed-Fi id {EdFiId}): {Reason}"
    )]
    private partial void LogQuarantined(
        string tenant,
        string resource,
        ChangeKind kind,
        string edFiId,
        string reason
    );
}
