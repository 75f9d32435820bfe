namespace OneRoster.Projections.Api.Querying;

/// <summary>
/// Where one filterable name is read from and the SQL that compares it. Every path and column here
/// comes from <see cref="OneRosterFields"/>, never from the request; values always travel as
/// parameters. <c>j</c> is the stored object as jsonb and <c>d</c> the document row.
/// </summary>
public sealed class Field
{
    private enum Shape
    {
        Column,
        Scalar,
        TextArray,
        ObjectArray,
    }

    private readonly Shape shape;
    private readonly string sql;
    private readonly string innerPath;

    private Field(Shape shape, string sql, string innerPath, bool isInstant)
    {
        this.shape = shape;
        this.sql = sql;
        this.innerPath = innerPath;
        IsInstant = isInstant;
    }

    /// <summary>Compared as a UTC instant (dateLastModified) rather than as text.</summary>
    public bool IsInstant { get; }

    /// <summary>Only single-valued fields can order a page.</summary>
    public bool IsSortable => shape is Shape.Column or Shape.Scalar;

    public static Field Column(string column, bool isInstant) =>
        new(Shape.Column, "d." + column, "", isInstant);

    public static Field Scalar(string[] path) => new(Shape.Scalar, "j #>> " + PathLiteral(path), "", false);

    public static Field TextArray(string key) => new(Shape.TextArray, ArrayOf(key), "", false);

    public static Field ObjectArray(string key, string[] innerPath) =>
        new(Shape.ObjectArray, ArrayOf(key), PathLiteral(innerPath), false);

    /// <summary>The value to order by, in ordinal (byte) order for text.</summary>
    public string SortExpression =>
        IsSortable
            ? (IsInstant ? sql : sql + " collate \"C\"")
            : throw new InvalidOperationException("An array field cannot order a page.");

    /// <summary>A predicate comparing this field with the parameter named <paramref name="parameter"/>.</summary>
    public string Predicate(FilterOperator op, string parameter)
    {
        switch (shape)
        {
            case Shape.Column or Shape.Scalar:
                return op == FilterOperator.NotEqual
                    ? $"{sql} is distinct from {parameter}"
                    : Compare(sql, op, parameter);
            default:
                var element = shape == Shape.TextArray ? "e.v" : $"e.v #>> {innerPath}";
                var elements =
                    shape == Shape.TextArray ? "jsonb_array_elements_text" : "jsonb_array_elements";
                var any = $"exists (select 1 from {elements}({sql}) as e(v) where ";
                return op == FilterOperator.NotEqual
                    ? $"not {any}{Compare(element, FilterOperator.Equal, parameter)})"
                    : $"{any}{Compare(element, op, parameter)})";
        }
    }

    private string Compare(string value, FilterOperator op, string parameter)
    {
        var ordered = IsInstant ? value : value + " collate \"C\"";
        return op switch
        {
            FilterOperator.Equal => $"{value} = {parameter}",
            FilterOperator.Greater => $"{ordered} > {parameter}",
            FilterOperator.GreaterOrEqual => $"{ordered} >= {parameter}",
            FilterOperator.Less => $"{ordered} < {parameter}",
            FilterOperator.LessOrEqual => $"{ordered} <= {parameter}",
            FilterOperator.Contains => $"strpos(lower({value}), lower({parameter})) > 0",
            _ => throw new ArgumentOutOfRangeException(nameof(op), op, null),
        };
    }

    private static string PathLiteral(string[] path) => "'{" + string.Join(',', path) + "}'";

    // A value that is not an array (never written by the projector) matches nothing instead of failing.
    private static string ArrayOf(string key) =>
        $"case when jsonb_typeof(j -> '{key}') = 'array' then j -> '{key}' else '[]'::jsonb end";
}
