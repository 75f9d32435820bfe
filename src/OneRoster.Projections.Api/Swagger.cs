using Microsoft.OpenApi;
using OneRoster.Projections.Storage.Security;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace OneRoster.Projections.Api;

/// <summary>Swagger UI at <c>/swagger</c> over an OpenAPI document of the endpoints this server serves.</summary>
public static class Swagger
{
    public const string DocumentName = "v1p2";
    public const string DocumentPath = "/swagger/" + DocumentName + "/swagger.json";
    public const string UiPath = "/swagger";
    private const string SecurityScheme = "oauth2";

    public static IServiceCollection AddOneRosterSwagger(this IServiceCollection services)
    {
        services.AddEndpointsApiExplorer();
        services.AddSwaggerGen(options =>
        {
            options.SwaggerDoc(
                DocumentName,
                new OpenApiInfo
                {
                    Title = "OneRoster 1.2 Rostering (OneRoster Projections)",
                    Version = "1.2",
                    Description =
                        "Read-only OneRoster 1.2 rostering endpoints served from documents projected "
                        + "from an Ed-Fi ODS/API. Envelopes and objects follow the official 1EdTech OpenAPI; "
                        + "every error is an imsx_StatusInfo object.",
                }
            );
            options.AddSecurityDefinition(
                SecurityScheme,
                new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.OAuth2,
                    Description =
                        "OAuth2 client credentials: POST /oauth/token with HTTP Basic client_id:client_secret "
                        + "and grant_type=client_credentials, then send Authorization: Bearer <access_token>. "
                        + "Every endpoint is also served under /{tenant}/ims/oneroster/rostering/v1p2 for "
                        + "tenants other than the default.",
                    Flows = new OpenApiOAuthFlows
                    {
                        ClientCredentials = new OpenApiOAuthFlow
                        {
                            TokenUrl = new Uri(Security.TokenEndpoint.Path, UriKind.Relative),
                            Scopes = new Dictionary<string, string>
                            {
                                [OneRosterScopes.RosterCore] = "Core rostering reads",
                                [OneRosterScopes.Roster] = "All rostering reads except demographics",
                                [OneRosterScopes.Demographics] = "Demographics reads",
                            },
                        },
                    },
                }
            );
            options.OperationFilter<RosteringOperationFilter>();
        });
        return services;
    }

    public static WebApplication UseOneRosterSwagger(this WebApplication app)
    {
        app.UseSwagger();
        app.UseSwaggerUI(options =>
        {
            options.RoutePrefix = UiPath.TrimStart('/');
            options.SwaggerEndpoint(DocumentPath, "OneRoster 1.2 Rostering");
            // "Authorize" in the UI asks for a client id and secret and fetches the token itself.
            options.OAuthScopes([.. OneRosterScopes.All]);
        });
        return app;
    }

    /// <summary>Describes the query parameters and responses the handlers read and write by hand.</summary>
    private sealed class RosteringOperationFilter(ApiSettings settings) : IOperationFilter
    {
        public void Apply(OpenApiOperation operation, OperationFilterContext context)
        {
            var metadata = context
                .ApiDescription.ActionDescriptor.EndpointMetadata.OfType<CollectionEndpointMetadata>()
                .FirstOrDefault();
            if (metadata is null)
            {
                return;
            }

            var collection = metadata.Collection;
            operation.Parameters ??= [];
            operation.Responses ??= [];
            foreach (var parent in metadata.Relationship?.Parents ?? [])
            {
                operation.Parameters.Add(
                    new OpenApiParameter
                    {
                        Name = parent.Parameter,
                        In = ParameterLocation.Path,
                        Required = true,
                        Description = $"sourcedId of the parent under /{parent.Collection.Path}.",
                        Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                    }
                );
            }

            if (metadata.IsCollection)
            {
                operation.Summary = metadata.Relationship is { } relationship
                    ? $"The {relationship.Segment} related to the parent, in the `{collection.CollectionKey}` envelope."
                    : $"All {collection.Path}, in the `{collection.CollectionKey}` envelope.";
                operation.Parameters.Add(
                    QueryInteger(
                        "limit",
                        1,
                        $"Page size, default {CollectionQuery.DefaultLimit}. At most {settings.MaxLimit} rows are "
                            + "served per page; a larger request gets that many plus a `next` link."
                    )
                );
                operation.Parameters.Add(
                    QueryInteger("offset", 0, "Zero-based index of the first row, default 0.")
                );
                operation.Parameters.Add(
                    QueryString(
                        "filter",
                        "`field op 'value'` clauses joined by AND or OR; operators = != > >= < <= ~ (contains). "
                            + "Dotted fields for references and roles (`school.sourcedId`, `roles.role`); "
                            + "dateLastModified takes a date or date-time."
                    )
                );
                operation.Parameters.Add(
                    QueryString("sort", "A single-valued field to order by; sourcedId breaks ties.")
                );
                operation.Parameters.Add(QueryString("orderBy", "`asc` (default) or `desc`."));
                operation.Responses["200"] = Response(
                    $"`{{\"{collection.CollectionKey}\": [...]}}` with X-Total-Count and Link headers."
                );
                operation.Responses["400"] = Response(
                    "Invalid limit, offset or orderBy (`invaliddata`), filter (`invalid_filter_field`), "
                        + "sort (`invalid_sort_field`) or fields (`invalid_selection_field`)."
                );
                if (metadata.Relationship is not null)
                {
                    operation.Responses["404"] = Response("Unknown parent sourcedId (`unknownobject`).");
                }
            }
            else
            {
                operation.Summary = $"One of {collection.Path}, in the `{collection.SingleKey}` envelope.";
                operation.Responses["200"] = Response($"`{{\"{collection.SingleKey}\": {{...}}}}`");
                operation.Responses["400"] = Response("Invalid fields (`invalid_selection_field`).");
                operation.Responses["404"] = Response(
                    $"No such sourcedId under /{collection.Path} (`unknownobject`)."
                );
            }

            operation.Parameters.Add(
                QueryString("fields", "Comma-separated top-level fields to return; others are left out.")
            );
            var rule = Security.ScopeRules.For(collection, metadata.Relationship);
            operation.Security =
            [
                new OpenApiSecurityRequirement
                {
                    [new OpenApiSecuritySchemeReference(SecurityScheme, context.Document)] = [.. rule.AnyOf],
                },
            ];
            operation.Responses["401"] = Response(
                "Missing, malformed or expired token (`unauthorisedrequest`)."
            );
            operation.Responses["403"] = Response(
                $"The token lacks the scope (`forbidden`); one of: {string.Join(", ", rule.AnyOf)}."
            );
            operation.Responses["429"] = Response("Too many requests (`server_busy`); see Retry-After.");
            operation.Responses["500"] = Response("Unexpected failure (`internal_server_error`).");
        }

        private static OpenApiParameter QueryInteger(string name, int minimum, string description) =>
            new()
            {
                Name = name,
                In = ParameterLocation.Query,
                Required = false,
                Description = description,
                Schema = new OpenApiSchema
                {
                    Type = JsonSchemaType.Integer,
                    Format = "int32",
                    Minimum = minimum.ToString(),
                },
            };

        private static OpenApiParameter QueryString(string name, string description) =>
            new()
            {
                Name = name,
                In = ParameterLocation.Query,
                Required = false,
                Description = description,
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            };

        private static OpenApiResponse Response(string description) =>
            new()
            {
                Description = description,
                Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() },
            };
    }
}
