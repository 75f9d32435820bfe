using Marten;
using OneRoster.Projections.Storage;

namespace OneRoster.Projections.Poller;

/// <summary>Where the poller keeps how far it has read each source.</summary>
public interface ICheckpointStore
{
    /// <summary>The tenant's checkpoint, or a fresh one (<c>LastChangeVersion = -1</c>) when it never loaded.</summary>
    Task<SyncCheckpoint> LoadAsync(string tenant, CancellationToken cancellationToken);

    Task SaveAsync(string tenant, SyncCheckpoint checkpoint, CancellationToken cancellationToken);
}

/// <summary>The checkpoint as a Marten document in the tenant's slice of the shared database.</summary>
public sealed class MartenCheckpointStore(IDocumentStore store) : ICheckpointStore
{
    public async Task<SyncCheckpoint> LoadAsync(string tenant, CancellationToken cancellationToken)
    {
        await using var session = store.LightweightSession(tenant);
        return await session.LoadAsync<SyncCheckpoint>(SyncCheckpoint.DocumentId, cancellationToken)
            ?? new SyncCheckpoint();
    }

    public async Task SaveAsync(string tenant, SyncCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        await using var session = store.LightweightSession(tenant);
        checkpoint.Id = SyncCheckpoint.DocumentId;
        session.Store(checkpoint);
        await session.SaveChangesAsync(cancellationToken);
    }
}
