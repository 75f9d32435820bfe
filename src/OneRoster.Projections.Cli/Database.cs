using System.ComponentModel;
using Marten;
using Microsoft.Extensions.Configuration;
using OneRoster.Projections.Storage;
using Spectre.Console.Cli;

namespace OneRoster.Projections.Cli;

/// <summary>Settings of every command that works on the projection database.</summary>
public class DatabaseSettings : CommandSettings
{
    [CommandOption("--postgres <CONNECTION>")]
    [Description("PostgreSQL connection string; default: the ONEROSTER_POSTGRES environment variable.")]
    public string? Postgres { get; init; }

    public DocumentStore OpenStore()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(
                Postgres is { Length: > 0 }
                    ? [new KeyValuePair<string, string?>(ConnectionSettings.PostgresKey, Postgres)]
                    : []
            )
            .Build();
        var connectionString = ConnectionSettings.Postgres(configuration);
        return DocumentStore.For(options => ProjectionStore.Configure(options, connectionString));
    }
}
