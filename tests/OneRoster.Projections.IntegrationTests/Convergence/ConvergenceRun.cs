using System.Diagnostics;
using System.Globalization;
using OneRoster.Projections.EdFiSandbox;
using OneRoster.Projections.IntegrationTests.EndToEnd;

namespace OneRoster.Projections.IntegrationTests.Convergence;

/// <summary>How one seed's run is shaped.</summary>
public sealed record ConvergenceSettings
{
    /// <summary>Successful writes to the sandbox, at least.</summary>
    public int Changes { get; init; } = 2000;

    /// <summary>Mean writes per burst; bursts are 1 to twice this.</summary>
    public int MeanBurst { get; init; } = 100;

    /// <summary>Longest pause between bursts; some bursts follow at once.</summary>
    public int MaxPauseMilliseconds { get; init; } = 600;

    /// <summary>Kill and restart the projector and the poller at random moments, the initial sync included.</summary>
    public bool KillAnywhere { get; init; }

    /// <summary>The poller's page size (Ed-Fi <c>limit</c>); small pages make windows span many pages.</summary>
    public int PageSize { get; init; } = 500;

    public TimeSpan CatchUpTimeout { get; init; } = TimeSpan.FromMinutes(3);

    /// <summary>A small district: 15 to 30 students, from the seed.</summary>
    public static int StudentsFor(int seed) => 15 + (seed % 16);

    /// <summary>
    /// Seeds from an environment variable: a count (<c>20</c> is seeds 1-20), a range (<c>100-199</c>) or a
    /// list (<c>3,17,42</c>); <paramref name="fallback"/> seeds 1.. when unset.
    /// </summary>
    public static IReadOnlyList<int> Seeds(string variable, int fallback)
    {
        var text = Environment.GetEnvironmentVariable(variable)?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return [.. Enumerable.Range(1, fallback)];
        }
        if (text.Contains(',', StringComparison.Ordinal))
        {
            return [.. text.Split(',').Select(s => int.Parse(s.Trim(), CultureInfo.InvariantCulture))];
        }
        if (text.IndexOf('-', 1) is > 0 and var dash)
        {
            var (from, to) = (
                int.Parse(text[..dash], CultureInfo.InvariantCulture),
                int.Parse(text[(dash + 1)..], CultureInfo.InvariantCulture)
            );
            return [.. Enumerable.Range(from, to - from + 1)];
        }
        return [.. Enumerable.Range(1, int.Parse(text, CultureInfo.InvariantCulture))];
    }

    public static int Number(string variable, int fallback) =>
        int.TryParse(
            Environment.GetEnvironmentVariable(variable),
            CultureInfo.InvariantCulture,
            out var value
        )
            ? value
            : fallback;
}

/// <summary>What one seed's run did and found.</summary>
public sealed record ConvergenceResult(
    int Seed,
    string Tenant,
    int Students,
    ConvergenceReport Report,
    string? Failure,
    TimeSpan Total,
    TimeSpan InitialSync,
    TimeSpan Stream,
    TimeSpan CatchUp,
    int Writes,
    long Windows,
    int Kills,
    int DeltaPolls,
    IReadOnlyDictionary<string, int> Operations
)
{
    public bool Converged => Failure is null && Report.Converged;

    public string Summary =>
        $"seed {Seed} ({Students} students, tenant {Tenant}): {(Converged ? "converged" : "FAILED")} in {Total.TotalSeconds:F1} s "
        + $"(initial sync {InitialSync.TotalSeconds:F1} s, stream {Stream.TotalSeconds:F1} s, catch-up {CatchUp.TotalSeconds:F1} s); "
        + $"{Writes} writes, {Windows} windows, {Kills} kills, {DeltaPolls} delta polls";

    public string Details =>
        Summary
        + Environment.NewLine
        + (Failure is null ? "" : Failure + Environment.NewLine)
        + Report.Describe();
}

/// <summary>
/// One seed, end to end: a generated district in the sandbox, the whole pipeline over its real protocols, a
/// random change stream written in bursts while a delta client polls (and, when asked, while the projector and
/// the poller are killed and restarted), then both oracles once everything is caught up.
/// </summary>
public static class ConvergenceRun
{
    private static readonly string[] Quiet =
    [
        "--Logging:LogLevel:Default=Warning",
        "--Logging:LogLevel:MassTransit=Error",
    ];

    public static async Task<IReadOnlyList<ConvergenceResult>> RunManyAsync(
        IReadOnlyList<int> seeds,
        ConvergenceSettings settings,
        int parallel,
        Action<ConvergenceResult>? completed = null
    )
    {
        using var gate = new SemaphoreSlim(Math.Max(1, parallel));
        var runs = seeds.Select(async seed =>
        {
            await gate.WaitAsync();
            try
            {
                var result = await RunAsync(seed, settings);
                completed?.Invoke(result);
                return result;
            }
            finally
            {
                gate.Release();
            }
        });
        return await Task.WhenAll(runs);
    }

    public static async Task<ConvergenceResult> RunAsync(int seed, ConvergenceSettings settings)
    {
        var started = Stopwatch.GetTimestamp();
        var students = ConvergenceSettings.StudentsFor(seed);
        var timing = new Random(seed * 7919 + 1);
        await using var pipeline = await Pipeline.StartAsync(
            new SandboxOptions { GenerateStudents = students, Seed = seed },
            "conv",
            hostArgs: Quiet,
            pollerArgs: [$"--EdFi:PageSize={settings.PageSize}"],
            crashable: settings.KillAnywhere
        );
        await using var oracle = new ConvergenceOracle(pipeline.Postgres, pipeline.Tenant, pipeline.HrefBase);
        var sandbox = pipeline.Sandbox.Store();
        var stream = new ChangeStream(sandbox, seed);
        var delta = new DeltaClient(pipeline.Http, pipeline.RosteringBase);
        var killer = new Killer(pipeline, new Random(seed * 31 + 7));
        string? failure = null;
        TimeSpan initialSync = TimeSpan.Zero,
            streaming = TimeSpan.Zero,
            catchUp = TimeSpan.Zero;

        try
        {
            // Every third seed writes while the initial full load runs; the others wait for it first.
            var concurrentStart = seed % 3 == 0;
            if (settings.KillAnywhere)
            {
                await Task.Delay(timing.Next(100, 1500));
                await killer.KillOnceAsync();
            }
            if (!concurrentStart)
            {
                await oracle.WaitUntilCaughtUpAsync(
                    () => sandbox.NewestChangeVersion,
                    TimeSpan.FromMinutes(2)
                );
                initialSync = Stopwatch.GetElapsedTime(started);
            }

            var streamStarted = Stopwatch.GetTimestamp();
            using var streamDone = new CancellationTokenSource();
            var polling = PollWhileAsync(delta, timing.Next(), streamDone.Token);
            var killing = settings.KillAnywhere ? killer.RunAsync(streamDone.Token) : Task.CompletedTask;
            while (stream.Writes < settings.Changes)
            {
                stream.ApplyBurst(
                    Math.Min(timing.Next(1, 2 * settings.MeanBurst + 1), settings.Changes - stream.Writes)
                );
                var pause = timing.Next(4) == 0 ? 0 : timing.Next(settings.MaxPauseMilliseconds + 1);
                await Task.Delay(pause);
            }
            stream.Flush();
            await streamDone.CancelAsync();
            await Task.WhenAll(polling, killing);
            await killer.EnsureRunningAsync();
            streaming = Stopwatch.GetElapsedTime(streamStarted);

            var catchUpStarted = Stopwatch.GetTimestamp();
            await oracle.WaitUntilCaughtUpAsync(() => sandbox.NewestChangeVersion, settings.CatchUpTimeout);
            catchUp = Stopwatch.GetElapsedTime(catchUpStarted);
        }
        catch (TimeoutException ex)
        {
            failure = ex.Message;
        }

        var report = await oracle.CheckAsync(sandbox, pipeline.Http, pipeline.RosteringBase);
        await delta.CheckAsync(report);
        var (checkpoint, _) = await oracle.LoadProgressAsync();
        return new ConvergenceResult(
            seed,
            pipeline.Tenant,
            students,
            report,
            failure,
            Stopwatch.GetElapsedTime(started),
            initialSync,
            streaming,
            catchUp,
            stream.Writes,
            checkpoint?.WindowsCompleted ?? 0,
            killer.Kills,
            delta.Polls,
            stream.Applied
        );
    }

    private static async Task PollWhileAsync(DeltaClient delta, int seed, CancellationToken until)
    {
        var random = new Random(seed);
        while (!until.IsCancellationRequested)
        {
            await delta.PollAsync();
            try
            {
                await Task.Delay(random.Next(100, 1500), until);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Kills the projector, the poller or both at random moments and starts them again.</summary>
    private sealed class Killer(Pipeline pipeline, Random random)
    {
        public int Kills { get; private set; }

        public async Task RunAsync(CancellationToken until)
        {
            while (!until.IsCancellationRequested)
            {
                try
                {
                    await Task.Delay(random.Next(200, 2500), until);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                await KillOnceAsync();
            }
        }

        public async Task KillOnceAsync()
        {
            var roll = random.Next(10);
            if (roll < 5)
            {
                await pipeline.KillProjectorAsync();
                Kills++;
            }
            if (roll >= 3)
            {
                await pipeline.KillPollerAsync();
                Kills++;
            }
            await Task.Delay(random.Next(0, 800));
            await EnsureRunningAsync();
        }

        public async Task EnsureRunningAsync()
        {
            if (pipeline.Projector is null)
            {
                await pipeline.StartProjectorAsync();
            }
            if (pipeline.Poller is null)
            {
                await pipeline.StartPollerAsync();
            }
        }
    }
}
