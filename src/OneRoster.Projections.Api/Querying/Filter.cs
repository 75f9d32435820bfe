using System.Globalization;
using System.Text.RegularExpressions;

namespace OneRoster.Projections.Api.Querying;

public enum FilterOperator
{
    Equal,
    NotEqual,
    Greater,
    GreaterOrEqual,
    Less,
    LessOrEqual,
    Contains,
}

/// <param name="Value">A string, or a UTC <see cref="DateTimeOffset"/> for an instant field.</param>
public sealed record FilterClause(string Name, Field Field, FilterOperator Operator, object Value);

/// <summary>
/// A parsed <c>filter</c>: <c>field op 'value'</c> clauses joined by one logical operator.
/// <para>
/// Grammar: <c>clause (' AND '|' OR ' clause)*</c>, where a clause is a field name (dotted for
/// references, roles and ids), one of <c>= != &gt; &gt;= &lt; &lt;= ~</c>, and a value in single quotes
/// with a quote inside written twice. Spaces around the operator are allowed. AND and OR are not
/// mixed: OneRoster has no grouping, so a mixed expression would mean different things to different
/// servers. On dateLastModified the value is a date (midnight UTC) or a date-time with or without a
/// zone (UTC when absent); <c>~</c> (contains, case-insensitive) does not apply there.
/// </para>
/// </summary>
public sealed partial record Filter(IReadOnlyList<FilterClause> Clauses, bool IsOr)
{
    /// <summary>More than two clauses are accepted (OneRoster needs two); this caps the SQL one request builds.</summary>
    public const int MaxClauses = 20;

    /// <summary>
    /// Every match changed at or after some instant (<c>dateLastModified&gt;'T'</c>, alone or ANDed): a
    /// delta query, whose matches are best found by date.
    /// </summary>
    public bool IsChangedSince =>
        (!IsOr || Clauses.Count == 1)
        && Clauses.Any(clause =>
            clause.Field.IsInstant
            && clause.Operator
                is FilterOperator.Greater
                    or FilterOperator.GreaterOrEqual
                    or FilterOperator.Equal
        );

    /// <returns>The filter, or null with <paramref name="error"/> telling the client what is wrong.</returns>
    public static Filter? Parse(string text, OneRosterFields fields, out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(fields);
        var clauses = new List<FilterClause>();
        string? logical = null;
        var position = 0;
        error = null;

        while (true)
        {
            var clause = ParseClause(text, ref position, fields, out error);
            if (clause is null)
            {
                return null;
            }

            clauses.Add(clause);
            if (text.AsSpan(position).IsWhiteSpace())
            {
                break;
            }

            var joiner = LogicalOperator().Match(text, position);
            if (!joiner.Success || text.AsSpan(position + joiner.Length).IsWhiteSpace())
            {
                var rest = text[position..].Trim();
                error =
                    joiner.Success
                    || rest.Equals("AND", StringComparison.OrdinalIgnoreCase)
                    || rest.Equals("OR", StringComparison.OrdinalIgnoreCase)
                        ? $"The filter ends with {rest.ToUpperInvariant()}: a clause must follow it."
                        : $"Expected AND or OR after the value at position {position} of the filter.";
                return null;
            }

            var word = joiner.Groups[1].Value.ToUpperInvariant();
            if (logical is not null && logical != word)
            {
                error = "A filter cannot mix AND and OR.";
                return null;
            }

            logical = word;
            position += joiner.Length;
            if (clauses.Count == MaxClauses)
            {
                error = $"A filter may have at most {MaxClauses} clauses.";
                return null;
            }
        }

        return new Filter(clauses, logical == "OR");
    }

    private static FilterClause? ParseClause(
        string text,
        ref int position,
        OneRosterFields fields,
        out string? error
    )
    {
        var head = ClauseHead().Match(text, position);
        if (!head.Success)
        {
            error = $"Expected field, operator and quoted value at position {position} of the filter.";
            return null;
        }

        var name = head.Groups["field"].Value;
        if (!fields.Filterable.TryGetValue(name, out var field))
        {
            error = $"Unknown filter field: {name}";
            return null;
        }

        position += head.Length;
        var value = ReadQuoted(text, ref position);
        if (value is null)
        {
            error = $"The value of '{name}' must be in single quotes, with a quote inside written twice.";
            return null;
        }

        var op = head.Groups["op"].Value switch
        {
            "=" => FilterOperator.Equal,
            "!=" => FilterOperator.NotEqual,
            ">" => FilterOperator.Greater,
            ">=" => FilterOperator.GreaterOrEqual,
            "<" => FilterOperator.Less,
            "<=" => FilterOperator.LessOrEqual,
            _ => FilterOperator.Contains,
        };
        if (!field.IsInstant)
        {
            error = null;
            return new FilterClause(name, field, op, value);
        }

        if (op == FilterOperator.Contains)
        {
            error = $"The ~ operator does not apply to {name}; compare it with = != > >= < <=.";
            return null;
        }

        if (!TryReadInstant(value, out var instant))
        {
            error = InstantShape().IsMatch(value)
                ? $"'{value}' is not a real date or time for {name} (a month, day, hour or minute out of range)."
                : $"'{value}' is not a date (YYYY-MM-DD) or date-time (YYYY-MM-DDThh:mm:ssZ) for {name}.";
            return null;
        }

        error = null;
        return new FilterClause(name, field, op, instant);
    }

    /// <summary>Reads <c>'…'</c> at <paramref name="position"/>; <c>''</c> inside stands for one quote.</summary>
    private static string? ReadQuoted(string text, ref int position)
    {
        if (position >= text.Length || text[position] != '\'')
        {
            return null;
        }

        var value = new System.Text.StringBuilder();
        for (var i = position + 1; i < text.Length; i++)
        {
            if (text[i] != '\'')
            {
                value.Append(text[i]);
                continue;
            }

            if (i + 1 < text.Length && text[i + 1] == '\'')
            {
                value.Append('\'');
                i++;
                continue;
            }

            position = i + 1;
            return value.ToString();
        }

        return null;
    }

    private static bool TryReadInstant(string value, out DateTimeOffset instant)
    {
        instant = default;
        if (!InstantShape().IsMatch(value))
        {
            return false;
        }

        return DateTimeOffset.TryParse(
            value,
            CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal,
            out instant
        );
    }

    [GeneratedRegex(
        @"\G\s*(?<field>[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)*)\s*(?<op>!=|>=|<=|=|>|<|~)\s*"
    )]
    private static partial Regex ClauseHead();

    [GeneratedRegex(@"\G\s+(AND|OR)\s+", RegexOptions.IgnoreCase)]
    private static partial Regex LogicalOperator();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?)?$")]
    private static partial Regex InstantShape();
}
