namespace OneRoster.Projections.EdFiSandbox;

/// <summary>
/// How to start a sandbox: where its data comes from, its client credentials and where it listens.
/// </summary>
public sealed class SandboxOptions
{
    /// <summary>A folder of {resource}.jsonl files (layout of shared/data/grand-bend/ds-5.2).</summary>
    public string? DataFolder { get; set; }

    /// <summary>When set (and no DataFolder), a district of this many students is generated.</summary>
    public int? GenerateStudents { get; set; }

    public int Seed { get; set; } = 1;

    public string ClientKey { get; set; } = "sandbox";

    public string ClientSecret { get; set; } = "sandbox-secret";

    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromSeconds(1800);

    /// <summary>
    /// Kestrel URLs; use http://127.0.0.1:0 for a free port and read it back with BaseAddress().
    /// </summary>
    public string Urls { get; set; } = "http://127.0.0.1:8081";

    /// <summary>Clock for tokens and _lastModifiedDate; the system clock when null.</summary>
    public TimeProvider? Clock { get; set; }
}
