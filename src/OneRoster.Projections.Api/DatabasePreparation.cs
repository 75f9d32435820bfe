using System.Collections.Concurrent;
using Marten;
using Npgsql;
using OneRoster.Projections.Storage;

namespace OneRoster.Projections.Api;

/// <summary>
/// What a database needs before the API reads it, done once per database and process (a process may read
/// several, as tests do): the document table exists and is upgraded (<see cref="DocumentTableUpgrade"/>:
/// nested endpoints find nothing in documents whose references were never filled in), and PostgreSQL keeps
/// the per-class counts (<see cref="DocumentCounts"/>). Every first request awaits the same preparation; a
/// failed one is tried again by the next request. A counts installation that fails (a writer held the table
/// too long) is tried again a minute later, and totals are counted meanwhile.
/// </summary>
public static class DatabasePreparation
{
    private static readonly ConcurrentDictionary<string, Lazy<Task>> Prepared = new();
    private static readonly ConcurrentDictionary<string, (bool Kept, DateTimeOffset RetryAt)> Counts = new();
    private static readonly SemaphoreSlim Installing = new(1, 1);

    /// <returns>Whether the database keeps the per-class counts.</returns>
    public static async Task<bool> PrepareAsync(
        NpgsqlDataSource dataSource,
        IDocumentStore store,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        var database = dataSource.ConnectionString;
        var prepared = Prepared.GetOrAdd(database, _ => new Lazy<Task>(() =>
            PrepareStorageAsync(dataSource, store)
        ));
        try
        {
            await prepared.Value.WaitAsync(cancellationToken);
        }
        catch (Exception) when (prepared.Value.IsFaulted)
        {
            Prepared.TryRemove(KeyValuePair.Create(database, prepared));
            throw;
        }

        return await CountsKeptAsync(dataSource, cancellationToken);
    }

    /// <summary>Prepares the database again at the next request (it was dropped and created again).</summary>
    public static void Forget(NpgsqlDataSource dataSource)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        Prepared.TryRemove(dataSource.ConnectionString, out _);
        Counts.TryRemove(dataSource.ConnectionString, out _);
    }

    // Shared by every waiting request, so no request's cancellation stops it.
    private static async Task PrepareStorageAsync(NpgsqlDataSource dataSource, IDocumentStore store)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await store.Storage.Database.EnsureStorageExistsAsync(
                    typeof(OneRosterDocument),
                    CancellationToken.None
                );
                break;
            }
            catch (Marten.Exceptions.MartenSchemaException) when (attempt < 3)
            {
                // A projector starting on the same fresh database created the table at the same moment
                // ("create table if not exists" is not safe against that): it exists now.
                await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt));
            }
        }

        await DocumentTableUpgrade.RunAsync(store, dataSource, CancellationToken.None);
    }

    private static async Task<bool> CountsKeptAsync(
        NpgsqlDataSource dataSource,
        CancellationToken cancellationToken
    )
    {
        var database = dataSource.ConnectionString;
        if (
            Counts.TryGetValue(database, out var state)
            && (state.Kept || DateTimeOffset.UtcNow < state.RetryAt)
        )
        {
            return state.Kept;
        }

        // Another request is installing them: this one counts.
        if (!await Installing.WaitAsync(0, cancellationToken))
        {
            return false;
        }

        try
        {
            bool kept;
            try
            {
                kept = await DocumentCounts.EnsureAsync(dataSource, cancellationToken);
            }
            catch (NpgsqlException)
            {
                kept = false;
            }

            Counts[database] = (kept, DateTimeOffset.UtcNow.AddMinutes(1));
            return kept;
        }
        finally
        {
            Installing.Release();
        }
    }
}
