namespace OneRoster.Projections.EdFiSandbox;

/// <summary>ODS 7.x-style RFC 7807 problem details.</summary>
internal static class Problems
{
    public static IResult Create(
        int status,
        string type,
        string title,
        string detail,
        string[]? errors = null
    ) =>
        Results.Json(
            new ProblemBody(detail, type, title, status, Guid.NewGuid().ToString("N"), errors ?? []),
            statusCode: status,
            contentType: "application/problem+json"
        );

    public static IResult BadParameter(string error) =>
        Create(
            400,
            "urn:ed-fi:api:bad-request:parameter",
            "Parameter Validation Failed",
            "Parameters supplied to the request were invalid.",
            [error]
        );

    public static IResult NotFound(string detail = "The specified data could not be found.") =>
        Create(404, "urn:ed-fi:api:not-found", "Not Found", detail);

    public static IResult SnapshotNotFound() =>
        Create(404, "urn:ed-fi:api:not-found:snapshot", "Snapshot Not Found", "Snapshot not found.");

    public static IResult SnapshotReadOnly() =>
        Create(
            405,
            "urn:ed-fi:api:snapshots:method-not-allowed",
            "Method Not Allowed with Snapshots",
            "Snapshots are read-only."
        );

    public static IResult Unauthorized() =>
        Create(
            401,
            "urn:ed-fi:api:security:authentication",
            "Authentication Failed",
            "The caller could not be authenticated."
        );

    public static IResult DataValidation(string error) =>
        Create(
            400,
            "urn:ed-fi:api:bad-request:data-validation-failed",
            "Data Validation Failed",
            "Data validation failed. See 'validationErrors' for details.",
            [error]
        );

    public static IResult KeyChangeNotSupported(string detail) =>
        Create(400, "urn:ed-fi:api:bad-request:key-change-not-supported", "Key Change Not Supported", detail);

    public static IResult Conflict(string detail) =>
        Create(409, "urn:ed-fi:api:conflict:non-unique-values", "Identifying Values Are Not Unique", detail);

    private sealed record ProblemBody(
        string Detail,
        string Type,
        string Title,
        int Status,
        string CorrelationId,
        string[] Errors
    );
}
