using System.Text.Json;
using System.Text.Json.Nodes;

namespace OneRoster.Projections.Mapping;

/// <summary>orgs (mapping.md 1.1): schools, LEAs (district) and SEAs (state). Other edorg types are not emitted.</summary>
internal static class OrgsMapping
{
    public static void Project(MappingContext ctx, List<ProjectedDocument> output)
    {
        var leas = Rows(ctx, "localEducationAgencies", "localEducationAgencyId");
        var seas = Rows(ctx, "stateEducationAgencies", "stateEducationAgencyId");
        var schools = Rows(ctx, "schools", "schoolId");

        var childrenOfLea = ChildrenByParent(schools, s =>
            s.Long("localEducationAgencyReference", "localEducationAgencyId")
        );
        var childrenOfSea = ChildrenByParent(leas, l =>
            l.Long("stateEducationAgencyReference", "stateEducationAgencyId")
        );

        foreach (var (id, data) in schools)
        {
            var parent = data.Long("localEducationAgencyReference", "localEducationAgencyId");
            output.Add(Org(ctx, "schools", "schoolId", "school", id, data, parent, null));
        }
        foreach (var (id, data) in leas)
        {
            var parent = data.Long("stateEducationAgencyReference", "stateEducationAgencyId");
            output.Add(
                Org(
                    ctx,
                    "localEducationAgencies",
                    "localEducationAgencyId",
                    "district",
                    id,
                    data,
                    parent,
                    childrenOfLea.GetValueOrDefault(id)
                )
            );
        }
        foreach (var (id, data) in seas)
        {
            output.Add(
                Org(
                    ctx,
                    "stateEducationAgencies",
                    "stateEducationAgencyId",
                    "state",
                    id,
                    data,
                    null,
                    childrenOfSea.GetValueOrDefault(id)
                )
            );
        }
    }

    private static List<(long Id, JsonElement Data)> Rows(
        MappingContext ctx,
        string resource,
        string idName
    ) =>
        [
            .. ctx.Get(resource)
                .Where(i => i.Data.Long(idName) is not null)
                .Select(i => (i.Data.Long(idName)!.Value, i.Data)),
        ];

    /// <summary>Parent id → sourcedIds of its existing children, sorted (D4).</summary>
    private static Dictionary<long, List<string>> ChildrenByParent(
        List<(long Id, JsonElement Data)> rows,
        Func<JsonElement, long?> parentOf
    )
    {
        var result = new Dictionary<long, List<string>>();
        foreach (var (id, data) in rows)
        {
            if (parentOf(data) is not { } parent)
            {
                continue;
            }
            if (!result.TryGetValue(parent, out var list))
            {
                list = [];
                result[parent] = list;
            }
            list.Add(Identifiers.Org(id));
        }
        foreach (var list in result.Values)
        {
            list.Sort(StringComparer.Ordinal);
        }
        return result;
    }

    private static ProjectedDocument Org(
        MappingContext ctx,
        string resource,
        string idName,
        string type,
        long id,
        JsonElement data,
        long? parent,
        List<string>? children
    )
    {
        var sourcedId = ctx.OrgId(id);
        var body = new JsonObject
        {
            ["sourcedId"] = sourcedId,
            ["metadata"] = JsonWrite.EdFiMetadata(resource, new JsonObject { [idName] = id }),
        };
        body.Put("name", data.Str("nameOfInstitution"));
        body["type"] = type;
        body["identifier"] = Identifiers.Text(id);
        body.Put("parent", parent is { } p ? ctx.Refs.Org(ctx.OrgId(p)) : null);
        body.Put(
            "children",
            children is { Count: > 0 } ? children.Select(c => (JsonNode?)ctx.Refs.Org(c)).ToJsonArray() : null
        );
        return new ProjectedDocument("orgs", sourcedId, type, [id], body);
    }
}
