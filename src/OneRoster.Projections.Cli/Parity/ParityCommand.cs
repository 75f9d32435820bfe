using System.ComponentModel;
using System.Net.Http.Headers;
using Spectre.Console;
using Spectre.Console.Cli;

namespace OneRoster.Projections.Cli.Parity;

/// <summary>
/// <c>oneroster parity</c>: reads each class that the expected folder has a file for from a running
/// rostering API and reports, per class, how many documents match, differ, are missing or are extra.
/// Exit code 0 when everything matches, 1 when anything differs, 2 when the comparison could not run.
/// </summary>
public sealed class ParityCommand(IAnsiConsole console) : AsyncCommand<ParityCommand.Settings>
{
    public const int Matches = 0;
    public const int Differs = 1;
    public const int CannotRun = 2;

    public sealed class Settings : CommandSettings
    {
        [CommandOption("--api <URL>")]
        [Description("Base URL of the rostering API, e.g. http://host/ims/oneroster/rostering/v1p2")]
        public string? Api { get; init; }

        [CommandOption("--expected <FOLDER>")]
        [Description("Folder of expected documents: orgs.jsonl, academicSessions.jsonl, … (one per class)")]
        public string? Expected { get; init; }

        [CommandOption("--token <TOKEN>")]
        [Description("Bearer token sent with every request")]
        public string? Token { get; init; }

        [CommandOption("--client-id <ID>")]
        [Description("OAuth 2.0 client id (client-credentials grant, with --client-secret and --token-url)")]
        public string? ClientId { get; init; }

        [CommandOption("--client-secret <SECRET>")]
        public string? ClientSecret { get; init; }

        [CommandOption("--token-url <URL>")]
        public string? TokenUrl { get; init; }

        [CommandOption("--scope <SCOPES>")]
        [Description("Space-separated scopes to request with the client credentials")]
        public string? Scope { get; init; } =
            "https://purl.imsglobal.org/spec/or/v1p2/scope/roster.readonly "
            + "https://purl.imsglobal.org/spec/or/v1p2/scope/roster-demographics.readonly";

        [CommandOption("--report <FILE>")]
        [Description("Write the full report, every difference included, as JSON to this file")]
        public string? Report { get; init; }

        [CommandOption("--page-size <N>")]
        [Description("limit of each page read from the API (default 1000)")]
        public int PageSize { get; init; } = 1000;

        [CommandOption("--show <N>")]
        [Description("Differing documents shown per class, with their first differing fields (default 5)")]
        public int Show { get; init; } = 5;

        public override ValidationResult Validate()
        {
            if (!IsHttpUrl(Api))
            {
                return ValidationResult.Error("--api must be the absolute http(s) URL of the rostering API.");
            }
            if (string.IsNullOrWhiteSpace(Expected))
            {
                return ValidationResult.Error("--expected must name the folder of expected documents.");
            }
            if (Token is not null && ClientId is not null)
            {
                return ValidationResult.Error("Give either --token or --client-id, not both.");
            }
            if (
                (ClientId ?? ClientSecret ?? TokenUrl) is not null
                && (ClientId is null || ClientSecret is null || !IsHttpUrl(TokenUrl))
            )
            {
                return ValidationResult.Error(
                    "Client credentials need --client-id, --client-secret and an http(s) --token-url."
                );
            }
            if (PageSize is < 1 or > 10_000)
            {
                return ValidationResult.Error("--page-size must be between 1 and 10000.");
            }
            return Show < 0
                ? ValidationResult.Error("--show must not be negative.")
                : ValidationResult.Success();
        }

        private static bool IsHttpUrl(string? text) =>
            Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https";
    }

    public override async Task<int> ExecuteAsync(
        CommandContext context,
        Settings settings,
        CancellationToken cancellationToken
    )
    {
        try
        {
            var expected = await ExpectedFolder.ReadAsync(settings.Expected!, cancellationToken);
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(100) };
            var token = settings.Token;
            if (settings.ClientId is not null)
            {
                token = await RosteringReader.ClientCredentialsTokenAsync(
                    http,
                    new Uri(settings.TokenUrl!),
                    settings.ClientId,
                    settings.ClientSecret!,
                    settings.Scope,
                    cancellationToken
                );
            }
            if (token is not null)
            {
                http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }

            var reader = new RosteringReader(http, new Uri(settings.Api!));
            var results = new List<ClassParity>();
            foreach (var @class in ExpectedFolder.Classes.Where(expected.ContainsKey))
            {
                var served = await reader.ReadAllAsync(@class, settings.PageSize, cancellationToken);
                results.Add(ParityComparer.Compare(@class, expected[@class], served));
            }

            Print(results, expected.Keys, settings.Show);
            if (settings.Report is { } file)
            {
                await ParityReport.WriteAsync(
                    file,
                    settings.Api!,
                    settings.Expected!,
                    results,
                    cancellationToken
                );
                console.MarkupLineInterpolated($"Full report written to [bold]{file}[/].");
            }
            return results.All(r => r.AllMatch) ? Matches : Differs;
        }
        catch (ParityException ex)
        {
            console.MarkupLineInterpolated($"[red]error:[/] {ex.Message}");
            return CannotRun;
        }
        catch (IOException ex)
        {
            console.MarkupLineInterpolated($"[red]error:[/] {ex.Message}");
            return CannotRun;
        }
        catch (UnauthorizedAccessException ex)
        {
            console.MarkupLineInterpolated($"[red]error:[/] {ex.Message}");
            return CannotRun;
        }
    }

    private void Print(IReadOnlyList<ClassParity> results, IEnumerable<string> compared, int show)
    {
        var table = new Table()
            .AddColumn("class")
            .AddColumn("expected", c => c.RightAligned())
            .AddColumn("served", c => c.RightAligned())
            .AddColumn("matching", c => c.RightAligned())
            .AddColumn("differing", c => c.RightAligned())
            .AddColumn("missing", c => c.RightAligned())
            .AddColumn("extra", c => c.RightAligned())
            .AddColumn("tobedeleted, not expected", c => c.RightAligned());
        foreach (var result in results)
        {
            table.AddRow(
                result.Class,
                Count(result.Expected),
                Count(result.Served),
                Count(result.Matching),
                Count(result.Differing.Count),
                Count(result.Missing.Count),
                Count(result.Extra.Count),
                Count(result.Retired)
            );
        }
        console.Write(table);
        var skipped = ExpectedFolder.Classes.Except(compared).ToList();
        if (skipped.Count > 0)
        {
            console.MarkupLineInterpolated($"Not compared (no file): {string.Join(", ", skipped)}");
        }

        foreach (var result in results.Where(r => !r.AllMatch))
        {
            console.WriteLine();
            console.MarkupLineInterpolated($"[bold]{result.Class}[/]");
            foreach (var document in result.Differing.Take(show))
            {
                console.MarkupLineInterpolated($"  differs: {document.SourcedId}");
                foreach (var field in document.Fields.Take(5))
                {
                    console.MarkupLineInterpolated(
                        $"    {field.Path}: expected {field.ExpectedText}, served {field.ServedText}"
                    );
                }
                if (document.Fields.Count > 5)
                {
                    console.MarkupLineInterpolated($"    … and {document.Fields.Count - 5} more fields");
                }
            }
            PrintIds("missing", result.Missing, show);
            PrintIds("extra", result.Extra, show);
            if (result.DuplicateExpected + result.DuplicateServed > 0)
            {
                console.MarkupLineInterpolated(
                    $"  sourcedIds repeated: {result.DuplicateExpected} expected, {result.DuplicateServed} served"
                );
            }
        }

        console.WriteLine();
        console.MarkupLine(
            results.All(r => r.AllMatch)
                ? "[green]Parity: every compared document matches.[/]"
                : "[red]Parity: differences found.[/]"
        );
    }

    private void PrintIds(string what, IReadOnlyList<string> ids, int show)
    {
        if (ids.Count == 0)
        {
            return;
        }
        var shown = string.Join(", ", ids.Take(show));
        var more = ids.Count > show ? $", … ({ids.Count} in all)" : "";
        console.MarkupLineInterpolated($"  {what}: {shown}{more}");
    }

    private static string Count(int value) =>
        value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
