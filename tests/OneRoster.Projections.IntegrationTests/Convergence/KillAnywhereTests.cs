using Xunit;
using Xunit.Abstractions;

namespace OneRoster.Projections.IntegrationTests.Convergence;

/// <summary>
/// Issue #3: killing the projector or the poller at any moment and starting it again loses nothing and
/// duplicates nothing. While the change stream runs, one or both are stopped abruptly (a stop with an
/// already-cancelled token, then disposal) every fraction of a second to a few seconds, the first time during
/// the initial full load, and started again; at rest, both oracles must hold, with no document or source
/// record twice and the checkpoint at the source's newest version.
/// </summary>
/// <remarks>CONVERGENCE_KILL_SEEDS picks the seeds (as CONVERGENCE_SEEDS does).</remarks>
[Collection(ConvergenceCollection.Name)]
public sealed class KillAnywhereTests(ITestOutputHelper output)
{
    [Fact]
    public async Task killing_the_projector_and_the_poller_anywhere_loses_nothing_and_duplicates_nothing()
    {
        var seeds = ConvergenceSettings
            .Seeds("CONVERGENCE_KILL_SEEDS", fallback: 3)
            .Select(s => s + 500)
            .ToList();
        var settings = new ConvergenceSettings
        {
            Changes = ConvergenceSettings.Number("CONVERGENCE_CHANGES", 2000),
            KillAnywhere = true,
        };

        var results = await ConvergenceRun.RunManyAsync(seeds, settings, parallel: 3, r =>
            output.WriteLine(r.Summary)
        );

        Assert.All(results, r => Assert.True(r.Kills >= 3, r.Summary));
        var failed = results.Where(r => !r.Converged).ToList();
        Assert.True(
            failed.Count == 0,
            string.Join(Environment.NewLine + Environment.NewLine, failed.Select(r => r.Details))
        );
    }
}
