using Microsoft.Extensions.Primitives;

namespace OneRoster.Projections.Api.Querying;

/// <summary>
/// The query parameters of a rostering request as the client sent them. <see cref="RosteringRequestValidator"/>
/// checks them; the readers below assume that check passed and throw otherwise.
/// </summary>
public sealed record QueryParameters(
    StringValues Limit,
    StringValues Offset,
    StringValues Filter,
    StringValues Sort,
    StringValues OrderBy,
    StringValues Fields
)
{
    public const int DefaultLimit = 100;

    public static QueryParameters From(IQueryCollection query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return new(
            query["limit"],
            query["offset"],
            query["filter"],
            query["sort"],
            query["orderBy"],
            query["fields"]
        );
    }

    /// <summary>Every value sent, for checks that apply to all of them.</summary>
    public IEnumerable<string> AllValues =>
        new[] { Limit, Offset, Filter, Sort, OrderBy, Fields }.SelectMany(values => values).OfType<string>();

    public CollectionQuery Page(int maxLimit)
    {
        var limit =
            Limit.Count == 0 ? DefaultLimit : int.Parse(Limit[0]!, System.Globalization.NumberStyles.None);
        var offset = Offset.Count == 0 ? 0 : int.Parse(Offset[0]!, System.Globalization.NumberStyles.None);
        return new CollectionQuery(Math.Min(limit, maxLimit), offset, limit);
    }

    public Filter? ReadFilter(OneRosterFields fields) =>
        Filter.Count == 0
            ? null
            : Querying.Filter.Parse(Filter[0]!, fields, out var error)
                ?? throw new InvalidOperationException(error);

    /// <returns>The field to order by and whether descending, or null for sourcedId order.</returns>
    public (string Name, Field Field, bool Descending)? ReadSort(OneRosterFields fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var descending = string.Equals(OrderBy.ToString(), "desc", StringComparison.OrdinalIgnoreCase);
        if (Sort.Count == 0)
        {
            return descending ? ("sourcedId", fields.Filterable["sourcedId"], true) : null;
        }

        var name = Sort[0]!;
        return (name, fields.Filterable[name], descending);
    }

    /// <summary>The requested top-level fields in the order asked (once each), or null for all.</summary>
    public IReadOnlyList<string>? ReadFields() =>
        Fields.Count == 0 ? null : [.. SelectedFieldNames(Fields).Distinct(StringComparer.Ordinal)];

    /// <summary><c>fields=a,b</c> and <c>fields=a&amp;fields=b</c> alike; blanks are kept for the validator.</summary>
    public static IEnumerable<string> SelectedFieldNames(StringValues values) =>
        values.SelectMany(value => (value ?? "").Split(',')).Select(name => name.Trim());
}
