using System.Collections.Concurrent;
using Marten;
using Npgsql;
using OneRoster.Projections.Storage;

namespace OneRoster.Projections.Api;

/// <summary>
/// What a database needs before the API reads it, done once per database and process (a process may read
/// several, as tests do): the document table exists; it is upgraded (<see cref="DocumentTableUpgrade"/>:
/// nested endpoints find nothing in documents whose references were never filled in), which only nested
/// reads wait for; and PostgreSQL keeps the per-class counts (<see cref="DocumentCounts"/>). Every first
/// request awaits the same preparation; a failed one is tried again by the next request. A counts
/// installation that fails (a writer held the table too long) is tried again a minute later, and totals
/// are counted meanwhile.
/// </summary>
public static class DatabasePreparation
{
    private static readonly ConcurrentDictionary<string, Lazy<Task>> Prepared = new();
    private static readonly ConcurrentDictionary<string, Lazy<Task>> Upgraded = new();
    private static readonly ConcurrentDictionary<string, (bool Kept, DateTimeOffset RetryAt)> Counts = new();
    private static readonly SemaphoreSlim Installing = new(1, 1);

    /// <summary>
    /// The table exists; its upgrade is started in the background (only nested reads wait for it, through
    /// <see cref="UpgradeAsync"/>).
    /// </summary>
    /// <returns>Whether the database keeps the per-class counts.</returns>
    public static async Task<bool> PrepareAsync(
        NpgsqlDataSource dataSource,
        IDocumentStore store,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        await OnceAsync(Prepared, dataSource, () => CreateStorageAsync(store), cancellationToken);
        _ = UpgradeAsync(dataSource, store, CancellationToken.None)
            .ContinueWith(
                static task => _ = task.Exception,
                CancellationToken.None,
                TaskContinuationOptions.OnlyOnFaulted,
                TaskScheduler.Default
            );
        return await CountsKeptAsync(dataSource, cancellationToken);
    }

    /// <summary>
    /// The document table's upgrade (<see cref="DocumentTableUpgrade"/>), which nested endpoints need: they
    /// select on the references it fills in. A failed upgrade is started again by the next caller.
    /// </summary>
    public static Task UpgradeAsync(
        NpgsqlDataSource dataSource,
        IDocumentStore store,
        CancellationToken cancellationToken
    ) =>
        OnceAsync(
            Upgraded,
            dataSource,
            () => DocumentTableUpgrade.RunAsync(store, dataSource, CancellationToken.None),
            cancellationToken
        );

    /// <summary>Runs <paramref name="work"/> once per database; every caller awaits the same run.</summary>
    private static async Task OnceAsync(
        ConcurrentDictionary<string, Lazy<Task>> runs,
        NpgsqlDataSource dataSource,
        Func<Task> work,
        CancellationToken cancellationToken
    )
    {
        var database = dataSource.ConnectionString;
        // Shared by every waiting request, so no request's cancellation stops it.
        var run = runs.GetOrAdd(database, _ => new Lazy<Task>(work));
        try
        {
            await run.Value.WaitAsync(cancellationToken);
        }
        catch (Exception) when (run.Value.IsFaulted)
        {
            runs.TryRemove(KeyValuePair.Create(database, run));
            throw;
        }
    }

    /// <summary>Prepares the database again at the next request (it was dropped and created again).</summary>
    public static void Forget(NpgsqlDataSource dataSource)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        Prepared.TryRemove(dataSource.ConnectionString, out _);
        Upgraded.TryRemove(dataSource.ConnectionString, out _);
        Counts.TryRemove(dataSource.ConnectionString, out _);
    }

    private static async Task CreateStorageAsync(IDocumentStore store)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await store.Storage.Database.EnsureStorageExistsAsync(
                    typeof(OneRosterDocument),
                    CancellationToken.None
                );
                return;
            }
            catch (Marten.Exceptions.MartenSchemaException) when (attempt < 3)
            {
                // A projector starting on the same fresh database created the table at the same moment
                // ("create table if not exists" is not safe against that): it exists now.
                await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt));
            }
        }
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
