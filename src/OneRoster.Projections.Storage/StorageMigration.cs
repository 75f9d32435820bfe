namespace OneRoster.Projections.Storage;

/// <summary>A one-off rewrite of stored data that has been completed for the whole deployment.</summary>
public sealed class StorageMigration
{
    public string Id { get; set; } = "";

    public DateTimeOffset CompletedAt { get; set; }

    /// <summary>Rows the migration changed.</summary>
    public long RowsChanged { get; set; }
}
