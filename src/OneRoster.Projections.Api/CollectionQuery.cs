namespace OneRoster.Projections.Api;

/// <summary>A validated page request: the rows to skip and how many to serve.</summary>
/// <param name="Limit">Rows served: the requested limit, or <see cref="ApiSettings.MaxLimit"/> if that is smaller.</param>
/// <param name="Offset">Zero-based index of the first row.</param>
/// <param name="RequestedLimit">What the client asked for (or the default).</param>
public sealed record CollectionQuery(int Limit, int Offset, int RequestedLimit)
{
    public const int DefaultLimit = Querying.QueryParameters.DefaultLimit;
}
