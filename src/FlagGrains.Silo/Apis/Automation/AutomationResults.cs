using FlagGrains.Contracts.Environments;
using FlagGrains.Contracts.Releases;
using FlagGrains.Silo.Apis.Http;

namespace FlagGrains.Silo.Apis.Automation;

/// <summary>Maps automation outcomes to HTTP: 400 naming every bad field, 403 (approval policy), 404, 409, or the resource.</summary>
internal static class AutomationResults
{
    public static IResult Invalid(string title, IReadOnlyList<FlagSetProblem> problems) => Problems.BadRequest(
        title,
        string.Join("; ", problems.Take(5).Select(p => $"{p.Path}: {p.Message}")),
        new Dictionary<string, object?> { ["errors"] = problems.Select(p => new { path = p.Path, message = p.Message }).ToList() });

    public static IResult From(AutomationCommandStatus status, IReadOnlyList<FlagSetProblem> problems, string? message, string title, Func<IResult> done) => status switch
    {
        AutomationCommandStatus.Done => done(),
        AutomationCommandStatus.Invalid => Invalid(title, problems),
        AutomationCommandStatus.Conflict => Problems.Conflict(message ?? "The request conflicts with the current state."),
        AutomationCommandStatus.ApprovalRequired => Problems.Forbidden(message ?? "The environment's approval policy does not allow this."),
        _ => Problems.NotFound(message ?? "Not found."),
    };
}
