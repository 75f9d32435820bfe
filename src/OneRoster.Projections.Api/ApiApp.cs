using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OneRoster.Projections.Api.Requests;
using OneRoster.Projections.Api.Security;
using OneRoster.Projections.Api.Tenancy;
using OneRoster.Projections.Storage;

namespace OneRoster.Projections.Api;

/// <summary>
/// Builds the query API host. <c>Program</c> and the integration tests both go through here, so
/// tests run exactly the pipeline that production runs.
/// </summary>
public static class ApiApp
{
    public const string DefaultUrl = "http://127.0.0.1:8080";

    /// <param name="args">Command-line arguments: <c>--urls</c>, <c>--ConnectionStrings:Postgres=…</c>, …</param>
    /// <param name="configure">Runs after the defaults are registered and before the app is built.</param>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(
            // appsettings.json ships next to the binary; do not depend on the directory the process starts in.
            new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory }
        );

        if (!HasConfiguredAddress(builder.Configuration))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        var settings = ApiSettings.From(builder.Configuration);
        builder.Services.AddSingleton(settings);
        builder.Services.AddProjectionStore(settings.ConnectionString);
        builder.Services.AddSingleton(_ => ReadDataSource(settings));
        builder.Services.AddScoped<DocumentReader>();
        builder.Services.AddScoped<RequestAccess>();
        builder.Services.AddMemoryCache();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.Configure<TenantOptions>(builder.Configuration.GetSection(TenantOptions.Section));
        builder.Services.AddSingleton<TenantDirectory>();
        builder.Services.AddOneRosterSecurity(AuthSettings.From(builder.Configuration));
        builder.Services.AddOneRosterRateLimiting(builder.Configuration);
        builder.Services.AddSingleton<
            FluentValidation.IValidator<IRosteringRequest>,
            RosteringRequestValidator
        >();
        builder.Services.AddMediator(
            (Mediator.MediatorOptions options) =>
            {
                options.ServiceLifetime = ServiceLifetime.Scoped;
                options.PipelineBehaviors = [typeof(ValidationBehaviour<,>)];
            }
        );
        builder.WebHost.ConfigureKestrel(kestrel => RequestLimits.Configure(kestrel.Limits));
        builder.Services.AddOneRosterHealthChecks(settings);
        builder.Services.AddOneRosterSwagger();

        configure?.Invoke(builder);

        var app = builder.Build();
        // Tokens can be issued and checked from the first request on, without a wait for the key.
        app.Lifetime.ApplicationStarted.Register(() =>
            _ = app.Services.GetRequiredService<SigningKeys>().WarmUpAsync()
        );

        app.UseOneRosterErrors();
        app.UseRequestLimits();
        app.UseOneRosterSwagger();
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        app.MapDiscovery();
        app.MapTokenEndpoint();
        app.MapOneRosterHealthChecks();
        app.MapCollectionEndpoints();

        return app;
    }

    /// <summary>
    /// The first address the server listens on, e.g. <c>http://127.0.0.1:51234</c> when started with
    /// port 0. Valid only after the app has started.
    /// </summary>
    public static Uri BaseAddress(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>();
        var first = addresses?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("The server has no address yet; start the app first.");
        return new Uri(first);
    }

    /// <summary>
    /// The API's own connections, at most <see cref="ApiSettings.MaxReadConnections"/> of them. Its
    /// statements come in a few shapes (a page, a count, one object), so Npgsql prepares them once per
    /// connection and PostgreSQL skips parsing and planning them on every request, unless the connection
    /// string chooses otherwise.
    /// </summary>
    private static Npgsql.NpgsqlDataSource ReadDataSource(ApiSettings settings)
    {
        var builder = new Npgsql.NpgsqlDataSourceBuilder(settings.ConnectionString);
        if (builder.ConnectionStringBuilder.MaxAutoPrepare == 0)
        {
            builder.ConnectionStringBuilder.MaxAutoPrepare = 64;
        }
        builder.ConnectionStringBuilder.MaxPoolSize = settings.MaxReadConnections;
        builder.ConnectionStringBuilder.MinPoolSize = Math.Min(
            builder.ConnectionStringBuilder.MinPoolSize,
            settings.MaxReadConnections
        );

        return builder.Build();
    }

    private static bool HasConfiguredAddress(ConfigurationManager configuration) =>
        !string.IsNullOrWhiteSpace(configuration["urls"])
        || !string.IsNullOrWhiteSpace(configuration["http_ports"])
        || !string.IsNullOrWhiteSpace(configuration["https_ports"])
        || configuration.GetSection("Kestrel:Endpoints").Exists();
}
