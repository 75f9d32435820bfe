using FluentValidation;
using Mediator;

namespace OneRoster.Projections.Api.Requests;

/// <summary>
/// The one gate every rostering request passes: an invalid path id or query parameter becomes the
/// OneRoster 400 (imsx_StatusInfo with the failure's codeMinor) and the handler never runs.
/// </summary>
public sealed class ValidationBehaviour<TMessage, TResponse>(IValidator<IRosteringRequest> validator)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : IRosteringRequest
    where TResponse : IResult
{
    public async ValueTask<TResponse> Handle(
        TMessage message,
        MessageHandlerDelegate<TMessage, TResponse> next,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(next);
        var result = await validator.ValidateAsync(message, cancellationToken);
        if (result.IsValid)
        {
            return await next(message, cancellationToken);
        }

        var failure = result.Errors[0];
        return (TResponse)StatusInfo.BadRequest(failure.ErrorCode, failure.ErrorMessage);
    }
}
