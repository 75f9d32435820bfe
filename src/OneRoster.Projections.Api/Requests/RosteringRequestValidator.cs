using FluentValidation;
using FluentValidation.Results;
using Microsoft.Extensions.Primitives;
using OneRoster.Projections.Api.Querying;

namespace OneRoster.Projections.Api.Requests;

/// <summary>
/// Every check of a rostering request's path ids and query parameters. Each failure carries the
/// OneRoster codeMinor as its error code and says what is wrong; the first one becomes the 400.
/// </summary>
public sealed class RosteringRequestValidator : AbstractValidator<IRosteringRequest>
{
    public const string InvalidSelectionField = "invalid_selection_field";
    public const string InvalidSortField = "invalid_sort_field";

    public RosteringRequestValidator()
    {
        ClassLevelCascadeMode = CascadeMode.Stop;

        // PostgreSQL text cannot hold NUL, so such a value could never match; say so instead of failing.
        RuleFor(x => x.SourcedIds)
            .Must(ids => !ids.Any(id => id.Contains('\0')))
            .WithErrorCode(StatusInfo.InvalidData)
            .WithMessage("A sourcedId cannot contain a NUL character.");
        RuleFor(x => x.Parameters.AllValues)
            .Must(values => !values.Any(value => value.Contains('\0')))
            .WithErrorCode(StatusInfo.InvalidData)
            .WithMessage("Query parameters cannot contain a NUL character.");

        When(
            x => x.IsCollection,
            () =>
            {
                RuleFor(x => x.Parameters.Limit)
                    .Custom((values, context) => Integer(values, "limit", 1, context));
                RuleFor(x => x.Parameters.Offset)
                    .Custom((values, context) => Integer(values, "offset", 0, context));
                RuleFor(x => x).Custom(CheckFilter);
                RuleFor(x => x).Custom(CheckSort);
                RuleFor(x => x.Parameters.OrderBy)
                    .Must(values =>
                        values.Count == 0
                        || values.Count == 1
                            && values[0] is { } value
                            && (
                                value.Equals("asc", StringComparison.OrdinalIgnoreCase)
                                || value.Equals("desc", StringComparison.OrdinalIgnoreCase)
                            )
                    )
                    .WithErrorCode(StatusInfo.InvalidData)
                    .WithMessage("The orderBy parameter must be given once, as asc or desc.");
            }
        );

        RuleFor(x => x).Custom(CheckFields);
    }

    /// <summary>
    /// A single value of plain ASCII digits that fits in an int32 and is at least <paramref name="minimum"/>:
    /// no sign, exponent, decimal point, blank or repeated parameter.
    /// </summary>
    private static void Integer(
        StringValues values,
        string name,
        int minimum,
        ValidationContext<IRosteringRequest> context
    )
    {
        if (values.Count == 0)
        {
            return;
        }

        var text = values.Count == 1 ? values[0] ?? "" : null;
        var problem =
            text is null ? "must be given once"
            : text.Length == 0 || !text.All(char.IsAsciiDigit)
                ? $"must be a whole number of at least {minimum}"
            : !int.TryParse(text, System.Globalization.NumberStyles.None, null, out var value)
                ? $"must not exceed {int.MaxValue}"
            : value < minimum ? $"must be at least {minimum}"
            : null;
        if (problem is not null)
        {
            Fail(context, name, StatusInfo.InvalidData, $"The {name} parameter {problem}.");
        }
    }

    private static void CheckFilter(IRosteringRequest request, ValidationContext<IRosteringRequest> context)
    {
        var filter = request.Parameters.Filter;
        if (filter.Count == 0)
        {
            return;
        }

        if (filter.Count > 1)
        {
            Fail(
                context,
                "filter",
                StatusInfo.InvalidFilterField,
                "The filter parameter must be given once."
            );
        }
        else if (Filter.Parse(filter[0] ?? "", request.Fields, out var error) is null)
        {
            Fail(context, "filter", StatusInfo.InvalidFilterField, error!);
        }
    }

    private static void CheckSort(IRosteringRequest request, ValidationContext<IRosteringRequest> context)
    {
        var sort = request.Parameters.Sort;
        if (sort.Count == 0)
        {
            return;
        }

        if (sort.Count > 1)
        {
            Fail(context, "sort", InvalidSortField, "The sort parameter must be given once.");
        }
        else if (!request.Fields.Filterable.TryGetValue(sort[0] ?? "", out var field))
        {
            Fail(context, "sort", InvalidSortField, $"Unknown sort field: {sort[0]}");
        }
        else if (!field.IsSortable)
        {
            Fail(
                context,
                "sort",
                InvalidSortField,
                $"{sort[0]} holds several values and cannot order a page."
            );
        }
    }

    private static void CheckFields(IRosteringRequest request, ValidationContext<IRosteringRequest> context)
    {
        foreach (var name in QueryParameters.SelectedFieldNames(request.Parameters.Fields))
        {
            if (name.Length == 0)
            {
                Fail(
                    context,
                    "fields",
                    InvalidSelectionField,
                    "The fields parameter has a blank field name."
                );
                return;
            }

            if (!request.Fields.Selectable.Contains(name))
            {
                Fail(context, "fields", InvalidSelectionField, $"Unknown selection field: {name}");
                return;
            }
        }
    }

    private static void Fail(
        ValidationContext<IRosteringRequest> context,
        string parameter,
        string codeMinor,
        string message
    ) => context.AddFailure(new ValidationFailure(parameter, message) { ErrorCode = codeMinor });
}
