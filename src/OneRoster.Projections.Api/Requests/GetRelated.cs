using System.Text.Json;
using Mediator;
using OneRoster.Projections.Api.Querying;

namespace OneRoster.Projections.Api.Requests;

/// <summary>
/// A nested GET such as <c>/schools/{schoolSourcedId}/classes</c>: the parents must exist (404
/// unknownobject otherwise), then a page of the related objects, filtered, sorted and projected.
/// </summary>
public sealed record GetRelated(
    Relationship Relationship,
    IReadOnlyList<string> ParentIds,
    QueryParameters Parameters
) : IRosteringRequest
{
    public OneRosterFields Fields => OneRosterFields.For(Relationship.Target.DocumentClass);

    public bool IsCollection => true;

    public IReadOnlyList<string> SourcedIds => ParentIds;
}

public sealed class GetRelatedHandler(DocumentReader reader, ApiSettings settings)
    : IRequestHandler<GetRelated, IResult>
{
    public async ValueTask<IResult> Handle(GetRelated request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var relationship = request.Relationship;
        var parentJson = new List<byte[]>();
        for (var i = 0; i < relationship.Parents.Count; i++)
        {
            var parent = relationship.Parents[i].Collection;
            var id = request.ParentIds[i];
            var json = await reader.ReadOneAsync(parent, id, cancellationToken);
            if (json is null)
            {
                return StatusInfo.NotFound(
                    $"No {parent.SingleKey} with sourcedId '{id}' under /{parent.Path}."
                );
            }

            parentJson.Add(json);
        }

        // A class named under a school must be one of that school's classes.
        if (parentJson.Count == 2 && SchoolOf(parentJson[1]) != request.ParentIds[0])
        {
            return StatusInfo.NotFound(
                $"Class '{request.ParentIds[1]}' is not a class of school '{request.ParentIds[0]}'."
            );
        }

        return await GetCollectionHandler.ReadPageAsync(
            reader,
            settings,
            request,
            relationship.Target,
            sql => relationship.Condition(sql, [.. request.ParentIds.Select(id => sql.Parameters.Add(id))]),
            cancellationToken
        );
    }

    private static string? SchoolOf(byte[] classJson)
    {
        using var document = JsonDocument.Parse(classJson);
        return
            document.RootElement.TryGetProperty("school", out var school)
            && school.ValueKind == JsonValueKind.Object
            && school.TryGetProperty("sourcedId", out var id)
            ? id.GetString()
            : null;
    }
}
