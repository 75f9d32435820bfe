using Microsoft.Extensions.Primitives;

namespace OneRoster.Projections.Api;

/// <summary>A validated page request: the rows to skip and how many to serve.</summary>
/// <param name="Limit">Rows served: the requested limit, or <see cref="ApiSettings.MaxLimit"/> if that is smaller.</param>
/// <param name="Offset">Zero-based index of the first row.</param>
/// <param name="RequestedLimit">What the client asked for (or the default).</param>
public sealed record CollectionQuery(int Limit, int Offset, int RequestedLimit)
{
    public const int DefaultLimit = 100;

    /// <summary>
    /// The one place that reads collection query parameters. Returns null and an error (already in
    /// the imsx shape) when a parameter is invalid.
    /// </summary>
    public static CollectionQuery? Parse(IQueryCollection query, int maxLimit, out IResult? error)
    {
        ArgumentNullException.ThrowIfNull(query);

        if (query.ContainsKey("filter"))
        {
            // Ignoring a filter would hand a delta client every row as if it had changed; refusing it
            // is the honest answer until the filter grammar exists.
            error = StatusInfo.BadRequest(
                StatusInfo.InvalidFilterField,
                "The filter parameter is not supported by this server yet."
            );
            return null;
        }

        if (
            !TryReadInteger(query, "limit", DefaultLimit, minimum: 1, out var limit, out error)
            || !TryReadInteger(query, "offset", 0, minimum: 0, out var offset, out error)
        )
        {
            return null;
        }

        return new CollectionQuery(Math.Min(limit, maxLimit), offset, limit);
    }

    /// <summary>
    /// Accepts only a single value of plain ASCII digits that fits in an int32 and is at least
    /// <paramref name="minimum"/>: no sign, exponent, decimal point, blank or repeated parameter.
    /// </summary>
    private static bool TryReadInteger(
        IQueryCollection query,
        string name,
        int defaultValue,
        int minimum,
        out int value,
        out IResult? error
    )
    {
        value = defaultValue;
        error = null;
        if (!query.TryGetValue(name, out StringValues values))
        {
            return true;
        }

        if (values.Count != 1)
        {
            error = Invalid(name, "must be given once");
            return false;
        }

        var text = values[0] ?? "";
        if (text.Length == 0 || !text.All(char.IsAsciiDigit))
        {
            error = Invalid(name, $"must be a whole number of at least {minimum}");
            return false;
        }

        if (!int.TryParse(text, System.Globalization.NumberStyles.None, null, out value))
        {
            error = Invalid(name, $"must not exceed {int.MaxValue}");
            return false;
        }

        if (value < minimum)
        {
            error = Invalid(name, $"must be at least {minimum}");
            return false;
        }

        return true;
    }

    private static IResult Invalid(string name, string rule) =>
        StatusInfo.BadRequest(StatusInfo.InvalidData, $"The {name} parameter {rule}.");
}
