using System.Globalization;
using System.Text.Json.Nodes;

namespace OneRoster.Projections.IntegrationTests.Convergence;

/// <summary>
/// A vendor's delta loop over every collection: ask for <c>dateLastModified</c> after the largest value seen so
/// far, keep the newest copy of each object. If stamps follow commit order, a client that polls at any moments
/// and once more at the end holds exactly the final documents, tombstones included.
/// </summary>
public sealed class DeltaClient(HttpClient http, Uri api)
{
    private readonly Dictionary<string, DateTimeOffset> since = ConvergenceOracle.Collections.ToDictionary(
        c => c,
        _ => DateTimeOffset.UnixEpoch
    );
    private readonly Dictionary<(string Collection, string SourcedId), JsonObject> seen = [];

    public int Polls { get; private set; }

    public int ObjectsRead { get; private set; }

    public async Task PollAsync()
    {
        foreach (var collection in ConvergenceOracle.Collections)
        {
            var filter = $"dateLastModified>'{ConvergenceOracle.Stamp(since[collection])}'";
            foreach (var item in await ConvergenceOracle.ReadCollectionAsync(http, api, collection, filter))
            {
                seen[(collection, (string)item["sourcedId"]!)] = item;
                var stamp = DateTimeOffset.Parse(
                    (string)item["dateLastModified"]!,
                    CultureInfo.InvariantCulture,
                    DateTimeStyles.AssumeUniversal
                );
                if (stamp > since[collection])
                {
                    since[collection] = stamp;
                }
                ObjectsRead++;
            }
        }
        Polls++;
    }

    /// <summary>
    /// After a last poll at rest: every object served now must be the copy this client holds, and every object it
    /// ever saw must still be served (as active or tobedeleted: nothing vanishes inside the retention period).
    /// </summary>
    public async Task CheckAsync(ConvergenceReport report)
    {
        await PollAsync();
        var remaining = new HashSet<(string, string)>(seen.Keys);
        foreach (var collection in ConvergenceOracle.Collections)
        {
            foreach (
                var item in await ConvergenceOracle.ReadCollectionAsync(http, api, collection, filter: null)
            )
            {
                var key = (collection, (string)item["sourcedId"]!);
                remaining.Remove(key);
                if (!seen.TryGetValue(key, out var copy))
                {
                    report.Add(
                        "delta",
                        $"{collection} {key.Item2} is served but a delta client never received it"
                    );
                }
                else if (CanonicalJson.FirstDifference(item, copy) is { } difference)
                {
                    report.Add(
                        "delta",
                        $"{collection} {key.Item2}: the delta client's copy is stale at {difference}"
                    );
                }
            }
        }
        foreach (var (collection, sourcedId) in remaining)
        {
            report.Add("delta", $"{collection} {sourcedId} was served once and is now gone altogether");
        }
    }
}
