using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;

namespace OneRoster.Projections.EdFiSandbox;

/// <summary>Issues and checks opaque bearer tokens (32 hex chars) for the one configured client.</summary>
public sealed class TokenService(string key, string secret, TimeSpan lifetime, TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _expiries = new(StringComparer.Ordinal);

    public TimeSpan Lifetime => lifetime;

    public bool Accepts(string clientId, string clientSecret) =>
        string.Equals(clientId, key, StringComparison.Ordinal)
        && string.Equals(clientSecret, secret, StringComparison.Ordinal);

    public string Issue()
    {
        var now = clock.GetUtcNow();
        foreach (var expired in _expiries.Where(p => p.Value <= now).Select(p => p.Key).ToList())
        {
            _expiries.TryRemove(expired, out _);
        }
        var token = Guid.NewGuid().ToString("N");
        _expiries[token] = now + lifetime;
        return token;
    }

    /// <summary>Every token issued so far stops being valid, as when they all reach their expiry at once.</summary>
    public void ExpireAll() => _expiries.Clear();

    public bool IsValid(string? token) =>
        token is not null && _expiries.TryGetValue(token, out var expiry) && clock.GetUtcNow() < expiry;
}

/// <summary>POST /oauth/token, client-credentials only, with the ODS 7.3 error rules.</summary>
internal static class TokenEndpoint
{
    public static void MapTokenEndpoint(this IEndpointRouteBuilder app) =>
        app.MapPost("/oauth/token", Handle);

    private static async Task<IResult> Handle(HttpContext context, TokenService tokens)
    {
        var fields = await ReadFields(context.Request);
        var header = context.Request.Headers.Authorization.ToString();
        var bodyId = fields.GetValueOrDefault("client_id");
        string? id,
            secret;
        if (header.Length > 0)
        {
            if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
            {
                return Error(401, "invalid_client");
            }
            if (!string.IsNullOrEmpty(bodyId))
            {
                return Error(400, "invalid_client");
            }
            (id, secret) = DecodeBasic(header["Basic ".Length..].Trim());
        }
        else if (!string.IsNullOrEmpty(bodyId))
        {
            (id, secret) = (bodyId, fields.GetValueOrDefault("client_secret"));
        }
        else
        {
            return Error(401, "invalid_request");
        }
        var grant = fields.GetValueOrDefault("grant_type");
        if (string.IsNullOrEmpty(grant))
        {
            return Error(400, "invalid_request");
        }
        if (grant != "client_credentials")
        {
            return Error(400, "unsupported_grant_type");
        }
        if (id is null || secret is null || !tokens.Accepts(id, secret))
        {
            return Error(401, "invalid_client");
        }
        context.Response.Headers.CacheControl = "no-store";
        return Results.Json(
            new JsonObject
            {
                ["access_token"] = tokens.Issue(),
                ["expires_in"] = (long)tokens.Lifetime.TotalSeconds,
                ["token_type"] = "bearer",
            }
        );
    }

    private static IResult Error(int status, string error)
    {
        return Results.Json(new JsonObject { ["error"] = error }, statusCode: status);
    }

    private static (string? Id, string? Secret) DecodeBasic(string encoded)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(encoded));
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            return colon < 0 ? (null, null) : (text[..colon], text[(colon + 1)..]);
        }
        catch (FormatException)
        {
            return (null, null);
        }
    }

    private static async Task<Dictionary<string, string>> ReadFields(HttpRequest request)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync();
            foreach (var (name, value) in form)
            {
                fields[name] = value.ToString();
            }
        }
        else if (
            request.ContentLength is not 0
            && request.ContentType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true
        )
        {
            try
            {
                if (await JsonNode.ParseAsync(request.Body) is JsonObject json)
                {
                    foreach (var (name, value) in json)
                    {
                        if (value is JsonValue scalar)
                        {
                            fields[name] = scalar.ToString();
                        }
                    }
                }
            }
            catch (System.Text.Json.JsonException)
            {
                // An unreadable body counts as no fields; the checks below answer.
            }
        }
        return fields;
    }
}
