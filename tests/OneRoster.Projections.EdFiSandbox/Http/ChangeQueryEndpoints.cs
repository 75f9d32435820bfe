using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace OneRoster.Projections.EdFiSandbox;

/// <summary>
/// The read side: availableChangeVersions, GET-many with change windows and paging, GET by id, /deletes and
/// /keyChanges. Every read honours Use-Snapshot: true (404 "Snapshot not found." when none is taken).
/// </summary>
internal static class ChangeQueryEndpoints
{
    private const string Json = "application/json; charset=utf-8";

    public static void MapChangeQueries(this IEndpointRouteBuilder app)
    {
        app.MapGet("/changeQueries/v1/availableChangeVersions", (HttpContext context, SandboxStore store) =>
            store.TryRead(ApiGate.UsesSnapshot(context), s => s.ChangeVersion, out var newest)
                ? Results.Json(
                    new JsonObject { ["oldestChangeVersion"] = 0, ["newestChangeVersion"] = newest }
                )
                : Problems.SnapshotNotFound()
        );

        app.MapGet("/data/v3/ed-fi/{resource}", (string resource, HttpContext context, SandboxStore store) =>
        {
            var filters = context
                .Request.Query.Where(q => !PagingParameters.Reserved.Contains(q.Key))
                .Select(q => KeyValuePair.Create(q.Key, q.Value.ToString()))
                .ToList();
            return Paged(resource, context, store, (t, p) =>
                ChangeQueryReader.Items(t, p.Window, p.Offset, p.Limit, p.TotalCount, filters)
            );
        });

        app.MapGet(
            "/data/v3/ed-fi/{resource}/deletes",
            (string resource, HttpContext context, SandboxStore store) =>
                Paged(resource, context, store, (t, p) =>
                    ChangeQueryReader.Deletes(t, p.Window, p.Offset, p.Limit, p.TotalCount)
                )
        );

        app.MapGet(
            "/data/v3/ed-fi/{resource}/keyChanges",
            (string resource, HttpContext context, SandboxStore store) =>
                Paged(resource, context, store, (t, p) =>
                    ChangeQueryReader.KeyChanges(t, p.Window, p.Offset, p.Limit, p.TotalCount)
                )
        );

        app.MapGet(
            "/data/v3/ed-fi/{resource}/{id}",
            (string resource, string id, HttpContext context, SandboxStore store) =>
            {
                if (store.ResolveResource(resource) is not { } name)
                {
                    return Problems.NotFound();
                }
                if (
                    !store.TryRead(
                        ApiGate.UsesSnapshot(context),
                        s => s.Table(name)!.ById(id),
                        out var record
                    )
                )
                {
                    return Problems.SnapshotNotFound();
                }
                if (record is null)
                {
                    return Problems.NotFound();
                }
                context.Response.Headers.ETag = $"\"{record.ETag}\"";
                return Results.Content(record.Json, Json);
            }
        );
    }

    private static IResult Paged(
        string resource,
        HttpContext context,
        SandboxStore store,
        Func<ResourceTable, PagingParameters, Page> read
    )
    {
        if (store.ResolveResource(resource) is not { } name)
        {
            return Problems.NotFound();
        }
        if (PagingParameters.Parse(context.Request.Query, out var error) is not { } paging)
        {
            return error!;
        }
        if (!store.TryRead(ApiGate.UsesSnapshot(context), s => read(s.Table(name)!, paging), out var page))
        {
            return Problems.SnapshotNotFound();
        }
        if (page.TotalCount is { } total)
        {
            context.Response.Headers["Total-Count"] = total.ToString(CultureInfo.InvariantCulture);
        }
        var body = new StringBuilder(page.Rows.Sum(r => r.Length + 1) + 2).Append('[');
        for (var i = 0; i < page.Rows.Count; i++)
        {
            body.Append(i == 0 ? "" : ",").Append(page.Rows[i]);
        }
        return Results.Content(body.Append(']').ToString(), Json);
    }
}
