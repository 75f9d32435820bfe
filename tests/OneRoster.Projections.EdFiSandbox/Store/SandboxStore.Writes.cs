using System.Text.Json.Nodes;

namespace OneRoster.Projections.EdFiSandbox;

public enum WriteOutcome
{
    Created,
    Updated,
    Unchanged,
    Deleted,
    NotFound,
    UnknownResource,
    Invalid,
    KeyChangeNotSupported,
    Conflict,
}

public sealed record WriteResult(WriteOutcome Outcome, string? Id = null, string? Detail = null);

public sealed partial class SandboxStore
{
    /// <summary>POST semantics: insert, or update the live item with the same natural key.</summary>
    public WriteResult Upsert(string resource, JsonObject item)
    {
        // Chosen up front so a held write keeps the id its answer named.
        var id = Guid.NewGuid().ToString("N");
        return Write(() => UpsertNow(resource, item, id));
    }

    /// <summary>
    /// PUT semantics: update by id; a different natural key is a key change where the resource allows it.
    /// </summary>
    public WriteResult Update(string resource, string id, JsonObject item) =>
        Write(() => UpdateNow(resource, id, item));

    /// <summary>
    /// DELETE semantics: removes the item and leaves a tombstone carrying its last natural key.
    /// </summary>
    public WriteResult Delete(string resource, string id) => Write(() => DeleteNow(resource, id));

    private WriteResult UpsertNow(string resource, JsonObject item, string newId)
    {
        if (_live.Table(resource) is not { } table)
        {
            return new(WriteOutcome.UnknownResource);
        }
        var body = Clean(item);
        if (NaturalKey.Extract(table.Definition, body, out var missing) is not { } key)
        {
            return new(WriteOutcome.Invalid, Detail: $"The natural key member '{missing}' is required.");
        }
        if (table.ByKey(key.Canonical) is { } existing)
        {
            return UpdateInPlace(table, existing, body, key);
        }
        var record = NewRecord(_live, body, key, newId);
        table.Insert(record);
        return new(WriteOutcome.Created, record.Id);
    }

    private WriteResult UpdateNow(string resource, string id, JsonObject item)
    {
        if (_live.Table(resource) is not { } table)
        {
            return new(WriteOutcome.UnknownResource);
        }
        if (table.ById(id) is not { } existing)
        {
            return new(WriteOutcome.NotFound);
        }
        var body = Clean(item);
        if (NaturalKey.Extract(table.Definition, body, out var missing) is not { } key)
        {
            return new(WriteOutcome.Invalid, Detail: $"The natural key member '{missing}' is required.");
        }
        if (key.Canonical == existing.Key.Canonical)
        {
            return UpdateInPlace(table, existing, body, key);
        }
        if (!table.Definition.AllowsKeyChanges)
        {
            return new(
                WriteOutcome.KeyChangeNotSupported,
                existing.Id,
                $"Identifying values for the {table.Definition.Name} resource cannot be changed. "
                    + "Delete and recreate the resource item instead."
            );
        }
        // A key change cascades over other tables; work on a copy so a conflict leaves nothing half-done.
        var work = _live.Clone();
        if (!ChangeKey(work, work.Table(resource)!, existing, body, key, out var conflict))
        {
            return new(WriteOutcome.Conflict, existing.Id, conflict);
        }
        _live = work;
        return new(WriteOutcome.Updated, existing.Id);
    }

    private WriteResult DeleteNow(string resource, string id)
    {
        if (_live.Table(resource) is not { } table)
        {
            return new(WriteOutcome.UnknownResource);
        }
        if (table.ById(id) is not { } existing)
        {
            return new(WriteOutcome.NotFound);
        }
        table.Remove(existing, _live.NextChangeVersion());
        return new(WriteOutcome.Deleted, existing.Id);
    }

    private WriteResult UpdateInPlace(
        ResourceTable table,
        SandboxRecord existing,
        JsonObject body,
        NaturalKey key
    )
    {
        if (JsonNode.DeepEquals(existing.Body, body))
        {
            return new(WriteOutcome.Unchanged, existing.Id);
        }
        table.Replace(existing, Successor(_live, existing, body, key));
        return new(WriteOutcome.Updated, existing.Id);
    }

    private SandboxRecord Successor(
        SandboxState state,
        SandboxRecord current,
        JsonObject body,
        NaturalKey key
    ) => new(current.Id, current.AggregateId, state.NextChangeVersion(), Now(), body, key);

    private bool ChangeKey(
        SandboxState state,
        ResourceTable table,
        SandboxRecord current,
        JsonObject body,
        NaturalKey key,
        out string? conflict
    )
    {
        if (table.HasLiveKey(key.Canonical))
        {
            conflict =
                $"A {table.Definition.Name} item with the natural key {key.ValuesJson} already exists.";
            return false;
        }
        var next = Successor(state, current, body, key);
        table.Replace(current, next);
        table.LogKeyChange(new KeyChangeEntry(current.Id, next.ChangeVersion, current.Key, key));
        return Cascade(state, table.Definition, current.Key, key, out conflict);
    }

    /// <summary>
    /// Rewrites references to a parent whose key changed (ODS ON UPDATE CASCADE): every rewritten row gets a
    /// new
    /// change version, and a row whose own key moved logs a key change and cascades further.
    /// </summary>
    private bool Cascade(
        SandboxState state,
        ResourceDefinition parent,
        NaturalKey oldKey,
        NaturalKey newKey,
        out string? conflict
    )
    {
        conflict = null;
        foreach (var rule in parent.Cascades)
        {
            if (state.Table(rule.ChildResource) is not { } child)
            {
                continue;
            }
            foreach (var row in child.Ordered.ToList())
            {
                if (
                    ReferenceRewriter.Rewrite(row.Body, rule.ReferencePath, parent, oldKey, newKey)
                    is not { } body
                )
                {
                    continue;
                }
                var key = NaturalKey.Extract(child.Definition, body, out _) ?? row.Key;
                if (key.Canonical == row.Key.Canonical)
                {
                    child.Replace(row, Successor(state, row, body, key));
                }
                else if (!ChangeKey(state, child, row, body, key, out conflict))
                {
                    return false;
                }
            }
        }
        return true;
    }
}
