using Mediator;
using OneRoster.Projections.Api.Querying;

namespace OneRoster.Projections.Api.Requests;

/// <summary>
/// A rostering GET as the handlers receive it. <see cref="RosteringRequestValidator"/> checks every
/// one in <see cref="ValidationBehaviour{TMessage,TResponse}"/> before its handler runs any SQL.
/// </summary>
public interface IRosteringRequest : IRequest<IResult>
{
    /// <summary>The class whose field names <c>fields</c>, <c>filter</c> and <c>sort</c> may use.</summary>
    OneRosterFields Fields { get; }

    QueryParameters Parameters { get; }

    /// <summary>Collections take paging, filter and sort; single objects only <c>fields</c>.</summary>
    bool IsCollection { get; }

    /// <summary>The sourcedIds in the path.</summary>
    IReadOnlyList<string> SourcedIds { get; }
}
