namespace OneRoster.Projections.Contracts;

/// <summary>Which of the three change-query streams of a resource a page was read from.</summary>
public enum ChangeKind
{
    /// <summary>Items of <c>GET /data/v3/ed-fi/{resource}</c>: current state, to be upserted by natural key.</summary>
    Upserts,

    /// <summary>Rows of <c>/{resource}/deletes</c>: <c>id</c>, <c>changeVersion</c>, <c>keyValues</c>.</summary>
    Deletes,

    /// <summary>Rows of <c>/{resource}/keyChanges</c>: <c>id</c>, <c>changeVersion</c>, old and new key values.</summary>
    KeyChanges,
}

/// <summary>
/// One page of one Ed-Fi resource read inside a change window. The poller publishes one message per page;
/// the projector applies it to the source store. <see cref="MaxChangeVersion"/> is the version stamp that
/// orders competing writes of the same record: a page never overwrites a record stored by a newer window.
/// </summary>
public sealed record EdFiChangePageV1
{
    public required string Tenant { get; init; }

    /// <summary>The Ed-Fi resource name as it appears in the URL, e.g. <c>studentSchoolAssociations</c>.</summary>
    public required string Resource { get; init; }

    public required ChangeKind Kind { get; init; }

    /// <summary>Inclusive lower bound of the change window; 0 for an initial full load.</summary>
    public required long MinChangeVersion { get; init; }

    /// <summary>Inclusive upper bound of the change window (the source's newestChangeVersion when it began).</summary>
    public required long MaxChangeVersion { get; init; }

    /// <summary>Data Standard version from the source's discovery document, e.g. <c>5.2.0</c>.</summary>
    public required string DataStandardVersion { get; init; }

    /// <summary>
    /// Counts the times the source's change versions went back (an ODS restored from a backup, a sandbox
    /// restarted). Versions only compare within one epoch: every page of a later epoch is newer.
    /// </summary>
    public long Epoch { get; init; }

    public required int Offset { get; init; }

    /// <summary>Each item exactly as the Ed-Fi API returned it (raw JSON object text).</summary>
    public required IReadOnlyList<string> Items { get; init; }
}

/// <summary>Published after every page of a change window was confirmed by the broker.</summary>
public sealed record EdFiChangeWindowCompletedV1
{
    public required string Tenant { get; init; }

    public required long MinChangeVersion { get; init; }

    public required long MaxChangeVersion { get; init; }

    /// <summary>See <see cref="EdFiChangePageV1.Epoch"/>.</summary>
    public long Epoch { get; init; }

    /// <summary>
    /// The window read every record of the source (no lower bound): records it did not list are gone from
    /// the source, whether or not a delete was ever reported for them.
    /// </summary>
    public bool FullLoad { get; init; }

    public required int Pages { get; init; }

    public required long Items { get; init; }
}
