using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OneRoster.Projections.Contracts;
using OneRoster.Projections.EdFi;
using OneRoster.Projections.EdFiSandbox;
using OneRoster.Projections.Projector;
using OneRoster.Projections.Storage;

namespace OneRoster.Projections.Benchmarks;

/// <summary>
/// The projector's own share of an initial sync, without the poller, the broker or HTTP: a generated
/// district applied page by page to the source store (what the page consumer does), then the first
/// full recompute. Leaves the store synced, ready for <c>replay</c>.
/// </summary>
internal static class StoreCommand
{
    private const int PageSize = 500;

    public static async Task<int> RunAsync(Arguments arguments)
    {
        var postgres = arguments.Text("postgres");
        var tenant = arguments.Text("tenant", "default");
        var students = arguments.Int("students", 5000);
        await using var services = new ServiceCollection()
            // The writer's log lines (with its steps' timings) on standard error, beside the progress.
            .AddLogging(logging =>
                logging
                    .AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace)
                    .AddFilter("Marten", LogLevel.Warning)
            )
            .AddMetrics()
            .Configure<ProjectorOptions>(o =>
                o.HrefBase = arguments.Text("href-base", "http://127.0.0.1:8080/ims/oneroster/rostering/v1p2")
            )
            .AddProjectionStore(postgres)
            .AddProjectorCore(postgres)
            .BuildServiceProvider();
        var applier = services.GetRequiredService<SourceStoreApplier>();
        var writer = services.GetRequiredService<ProjectionWriter>();

        Markdown.Progress($"Generating {students:N0} students…");
        var generated = DistrictGenerator.Generate(students, arguments.Int("seed", 42));
        var pages = new List<EdFiChangePageV1>();
        var version = 0L;
        foreach (var resource in EdFiResourceCatalog.For(5))
        {
            if (!generated.Resources.TryGetValue(resource.Name, out var records))
            {
                continue;
            }
            var items = records.Select(r => JsonSerializer.Serialize(r)).ToList();
            version += items.Count;
            for (var offset = 0; offset < items.Count; offset += PageSize)
            {
                pages.Add(
                    new EdFiChangePageV1
                    {
                        Tenant = tenant,
                        Resource = resource.Name,
                        Kind = ChangeKind.Upserts,
                        MinChangeVersion = 0,
                        MaxChangeVersion = 1_000_000_000,
                        DataStandardVersion = "5.2.0",
                        Offset = offset,
                        Items = items.GetRange(offset, Math.Min(PageSize, items.Count - offset)),
                    }
                );
            }
        }

        Markdown.Progress($"Applying {version:N0} records in {pages.Count} pages…");
        var started = Stopwatch.GetTimestamp();
        foreach (var page in pages)
        {
            await applier.ApplyAsync(page, CancellationToken.None);
        }
        var applying = Stopwatch.GetElapsedTime(started);

        Markdown.Progress("First recompute…");
        var first = await writer.RecomputeAsync(tenant, CancellationToken.None);

        Markdown.Heading(
            $"Projector alone, initial load of {students:N0} students (no poller, broker or HTTP)"
        );
        Markdown.FigureHeader();
        Markdown.Info(
            "pages applied to the source store",
            $"{Markdown.Number(version / applying.TotalSeconds)} records/s ({version:N0} records, "
                + $"{pages.Count} pages of {PageSize} in {applying.TotalSeconds:F1} s, "
                + $"{applying.TotalMilliseconds / pages.Count:F0} ms a page)"
        );
        Markdown.Info(
            "first recompute",
            $"{Markdown.Number(first.Active / first.Elapsed.TotalSeconds)} docs/s ({first.Written:N0} "
                + $"documents written in {first.Elapsed.TotalSeconds:F1} s)"
        );
        Markdown.Info(
            "peak resident memory of this process",
            $"{ProcessMemory.PeakMiB(Environment.ProcessId):F0} MiB"
        );
        return 0;
    }
}
