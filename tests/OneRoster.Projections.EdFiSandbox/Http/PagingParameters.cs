using System.Globalization;

namespace OneRoster.Projections.EdFiSandbox;

/// <summary>
/// minChangeVersion, maxChangeVersion, offset, limit and totalCount, validated like ODS 7.3.
/// </summary>
internal sealed record PagingParameters(ChangeWindow Window, int Offset, int Limit, bool TotalCount)
{
    public const int MaxLimit = 500;

    /// <summary>Query names that are paging controls, not property filters.</summary>
    public static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "minChangeVersion",
        "maxChangeVersion",
        "offset",
        "limit",
        "totalCount",
    };

    public static PagingParameters? Parse(IQueryCollection query, out IResult? error)
    {
        error = null;
        if (
            !TryLong(query, "minChangeVersion", out var min)
            || !TryLong(query, "maxChangeVersion", out var max)
        )
        {
            error = Problems.BadParameter("MinChangeVersion and MaxChangeVersion must be whole numbers.");
            return null;
        }
        if (!TryLong(query, "offset", out var offset) || offset < 0 || offset > int.MaxValue)
        {
            error = Problems.BadParameter("Offset cannot be a negative value.");
            return null;
        }
        if (!TryLong(query, "limit", out var limit) || limit is < 0 or > MaxLimit)
        {
            error = Problems.BadParameter(
                $"Limit must be omitted or set to a value between 0 and {MaxLimit}."
            );
            return null;
        }
        var count = false;
        if (query.TryGetValue("totalCount", out var raw) && !bool.TryParse(raw.ToString(), out count))
        {
            error = Problems.BadParameter("TotalCount must be true or false.");
            return null;
        }
        return new PagingParameters(
            new ChangeWindow(min, max),
            (int)(offset ?? 0),
            (int)(limit ?? MaxLimit),
            count
        );
    }

    private static bool TryLong(IQueryCollection query, string name, out long? value)
    {
        value = null;
        if (!query.TryGetValue(name, out var raw) || string.IsNullOrEmpty(raw.ToString()))
        {
            return true;
        }
        if (long.TryParse(raw.ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed))
        {
            value = parsed;
            return true;
        }
        return false;
    }
}
