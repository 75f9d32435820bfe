using Npgsql;
using NpgsqlTypes;

namespace OneRoster.Projections.Api.Querying;

/// <summary>Collects the values of one SQL statement as numbered parameters.</summary>
public sealed class SqlParameters
{
    private readonly List<NpgsqlParameter> parameters = [];

    public int Count => parameters.Count;

    /// <returns>The placeholder to write in the SQL text, e.g. <c>@p3</c>.</returns>
    public string Add(object value)
    {
        var name = "p" + parameters.Count;
        parameters.Add(
            value switch
            {
                DateTimeOffset instant => new NpgsqlParameter(name, NpgsqlDbType.TimestampTz)
                {
                    Value = instant.ToUniversalTime(),
                },
                int number => new NpgsqlParameter(name, NpgsqlDbType.Integer) { Value = number },
                long[] numbers => new NpgsqlParameter(name, NpgsqlDbType.Array | NpgsqlDbType.Bigint)
                {
                    Value = numbers,
                },
                _ => new NpgsqlParameter(name, NpgsqlDbType.Text) { Value = value },
            }
        );
        return "@" + name;
    }

    public void CopyTo(NpgsqlCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        CopyTo(command.Parameters);
    }

    public void CopyTo(NpgsqlParameterCollection target)
    {
        ArgumentNullException.ThrowIfNull(target);
        foreach (var parameter in parameters)
        {
            target.Add(parameter.Clone());
        }
    }
}
