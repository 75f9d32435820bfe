using System.ComponentModel;
using System.Diagnostics;
using Marten;
using Microsoft.Extensions.Configuration;
using OneRoster.Projections.Storage;
using Spectre.Console;
using Spectre.Console.Cli;

namespace OneRoster.Projections.Cli.Replay;

/// <summary>
/// <c>oneroster replay</c>: asks the projector to recompute every OneRoster document of a tenant (or of all
/// tenants) from its source store, without reading the Ed-Fi API, and follows the pass with a progress bar.
/// The pass itself runs in the projector, a chunk of partitions at a time with its cursor saved, so a
/// projector restarted mid-pass resumes it; run the command again to follow it. Documents whose content
/// does not change keep their dateLastModified.
/// </summary>
public sealed class ReplayCommand(IAnsiConsole console) : AsyncCommand<ReplayCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--tenant <TENANT>")]
        [Description("The tenant to replay; every tenant of the database when left out")]
        public string? Tenant { get; init; }

        [CommandOption("--postgres <CONNECTION>")]
        [Description("PostgreSQL connection string (default: ONEROSTER_POSTGRES)")]
        public string? Postgres { get; init; }

        [CommandOption("--no-wait")]
        [Description("Request the replay and return without following it")]
        public bool NoWait { get; init; }

        [CommandOption("--timeout <SECONDS>")]
        [Description("Give up following after this many seconds without progress (default 600)")]
        public int Timeout { get; init; } = 600;

        public override ValidationResult Validate() =>
            Timeout < 1
                ? ValidationResult.Error("--timeout must be at least 1.")
                : ValidationResult.Success();
    }

    public override async Task<int> ExecuteAsync(
        CommandContext context,
        Settings settings,
        CancellationToken cancellationToken
    )
    {
        var postgres = settings.Postgres
            ?? ConnectionSettings.Postgres(new ConfigurationBuilder().AddEnvironmentVariables().Build());
        using var store = DocumentStore.For(options => ProjectionStore.Configure(options, postgres));

        var tenants = await TenantsAsync(store, settings.Tenant, cancellationToken);
        if (tenants.Count == 0)
        {
            console.MarkupLine(
                settings.Tenant is null
                    ? "[yellow]No tenant has been projected yet: nothing to replay.[/]"
                    : $"[red]error:[/] tenant [bold]{Markup.Escape(settings.Tenant)}[/] has never been projected."
            );
            return settings.Tenant is null ? 0 : OneRosterCli.UsageError;
        }
        foreach (var tenant in tenants)
        {
            await RequestAsync(store, tenant, cancellationToken);
            console.MarkupLineInterpolated($"Replay requested for tenant [bold]{tenant}[/].");
        }
        if (settings.NoWait)
        {
            return 0;
        }
        return await FollowAsync(store, tenants, TimeSpan.FromSeconds(settings.Timeout), cancellationToken);
    }

    private static async Task<List<string>> TenantsAsync(
        DocumentStore store,
        string? only,
        CancellationToken cancellationToken
    )
    {
        await using var session = store.QuerySession();
        var states = await session
            .Query<ProjectionState>()
            .Where(s => s.AnyTenant())
            .ToListAsync(cancellationToken);
        return
        [
            .. states
                .Select(s => s.Tenant)
                .Where(t => only is null || t == only)
                .Distinct(StringComparer.Ordinal)
                .Order(StringComparer.Ordinal),
        ];
    }

    /// <summary>
    /// Marks the tenant for a full pass. A pass already running keeps its cursor (asking twice does not
    /// start over); the projector's state is versioned, so a save that raced a page is simply tried again.
    /// </summary>
    private static async Task RequestAsync(
        DocumentStore store,
        string tenant,
        CancellationToken cancellationToken
    )
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var session = store.LightweightSession(tenant);
                var state = await session.LoadAsync<ProjectionState>(
                    ProjectionState.DocumentId,
                    cancellationToken
                );
                if (state is null || state.FullRecomputePending)
                {
                    return;
                }
                state.FullRecomputePending = true;
                state.FullPassCursor = null;
                state.FullPassDone = 0;
                state.FullPassTotal = 0;
                session.Store(state);
                await session.SaveChangesAsync(cancellationToken);
                return;
            }
            catch (JasperFx.ConcurrencyException) when (attempt < 20)
            {
                await Task.Delay(100, cancellationToken);
            }
        }
    }

    private async Task<int> FollowAsync(
        DocumentStore store,
        List<string> tenants,
        TimeSpan stallTimeout,
        CancellationToken cancellationToken
    )
    {
        var outcome = 0;
        var summaries = new List<string>();
        await console
            .Progress()
            .Columns(
                new TaskDescriptionColumn(),
                new ProgressBarColumn(),
                new PercentageColumn(),
                new RemainingTimeColumn(),
                new SpinnerColumn()
            )
            .StartAsync(async progress =>
            {
                foreach (var tenant in tenants)
                {
                    var task = progress.AddTask(tenant, maxValue: 1);
                    var watch = Stopwatch.StartNew();
                    var lastChange = Stopwatch.StartNew();
                    (long Done, long Written)? last = null;
                    long? writtenAtStart = null;
                    while (true)
                    {
                        await using var session = store.QuerySession(tenant);
                        var state = await session.LoadAsync<ProjectionState>(
                            ProjectionState.DocumentId,
                            cancellationToken
                        );
                        if (state is null)
                        {
                            task.Description = $"{tenant}: removed";
                            task.StopTask();
                            break;
                        }
                        writtenAtStart ??= state.DocumentsWritten;
                        var written = state.DocumentsWritten - writtenAtStart.Value;
                        var total = Math.Max(1, state.FullPassTotal);
                        var rate = state.FullPassDone / Math.Max(0.001, watch.Elapsed.TotalSeconds);
                        if (!state.FullRecomputePending)
                        {
                            task.MaxValue = 1;
                            task.Value = 1;
                            task.Description =
                                $"{tenant}: done, {written:N0} documents rewritten in {watch.Elapsed.TotalSeconds:F1} s";
                            summaries.Add(task.Description);
                            task.StopTask();
                            break;
                        }
                        task.MaxValue = total;
                        task.Value = Math.Min(total, state.FullPassDone);
                        task.Description = state.FullPassCursor is null
                            ? $"{tenant}: waiting for a projector to start the pass"
                            : $"{tenant}: {state.FullPassDone:N0}/{state.FullPassTotal:N0} partitions, "
                                + $"{written:N0} documents rewritten, {rate:N0} partitions/s";
                        if (last != (state.FullPassDone, written))
                        {
                            last = (state.FullPassDone, written);
                            lastChange.Restart();
                        }
                        else if (lastChange.Elapsed > stallTimeout)
                        {
                            task.Description = $"{tenant}: no progress for {stallTimeout.TotalSeconds:F0} s";
                            summaries.Add(task.Description);
                            task.StopTask();
                            outcome = 1;
                            break;
                        }
                        await Task.Delay(500, cancellationToken);
                    }
                }
            });
        // The bar is gone once done (and never drawn on a non-interactive console): say how it ended.
        foreach (var summary in summaries)
        {
            console.WriteLine(summary);
        }
        if (outcome != 0)
        {
            console.MarkupLine(
                "[yellow]The replay stays requested; a running projector carries it out. "
                    + "Is a projector running against this database?[/]"
            );
        }
        return outcome;
    }
}
