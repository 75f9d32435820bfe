using System.Globalization;
using OneRoster.Projections.EdFiSandbox;

// Ed-Fi ODS/API 7.3 sandbox.
//   dotnet run --project tests/OneRoster.Projections.EdFiSandbox -- --data <folder> [--urls
// http://127.0.0.1:8081]
//   dotnet run --project tests/OneRoster.Projections.EdFiSandbox -- --generate <students> [--seed N] [--write
// <folder>]
//   common: --key <client key> --secret <client secret> --token-lifetime <seconds>
var options = new SandboxOptions();
string? writeFolder = null;
for (var i = 0; i < args.Length; i++)
{
    string Next() =>
        i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
    switch (args[i])
    {
        case "--data":
            options.DataFolder = Next();
            break;
        case "--generate":
            options.GenerateStudents = int.Parse(Next(), CultureInfo.InvariantCulture);
            break;
        case "--seed":
            options.Seed = int.Parse(Next(), CultureInfo.InvariantCulture);
            break;
        case "--urls":
            options.Urls = Next();
            break;
        case "--key":
            options.ClientKey = Next();
            break;
        case "--secret":
            options.ClientSecret = Next();
            break;
        case "--token-lifetime":
            options.TokenLifetime = TimeSpan.FromSeconds(int.Parse(Next(), CultureInfo.InvariantCulture));
            break;
        case "--write":
            writeFolder = Next();
            break;
        default:
            Console.Error.WriteLine(
                $"Unknown argument '{args[i]}'. Use --data <folder> | --generate <students> "
                    + "[--seed N] [--write <folder>], --urls, --key, --secret, --token-lifetime <seconds>."
            );
            return 2;
    }
}

if (writeFolder is not null)
{
    var district = DistrictGenerator.Generate(options.GenerateStudents ?? 1000, options.Seed);
    district.WriteJsonLines(writeFolder);
    Console.WriteLine($"Wrote {district.Resources.Count} resource files to {writeFolder}.");
    return 0;
}

var app = SandboxApp.Build(options);
await app.StartAsync();
var store = app.Store();
Console.WriteLine(
    $"Ed-Fi sandbox ({store.Standard}) listening on {app.BaseAddress()} "
        + $"with newestChangeVersion {store.NewestChangeVersion}; client key '{options.ClientKey}'."
);
await app.WaitForShutdownAsync();
return 0;
