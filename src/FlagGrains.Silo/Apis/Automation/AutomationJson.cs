using System.Text.Json.Nodes;
using FlagGrains.Contracts.Audit;
using FlagGrains.Contracts.Automation;
using FlagGrains.Contracts.Releases;
using FlagGrains.Contracts.Schedules;
using FlagGrains.Domain.Releases;

namespace FlagGrains.Silo.Apis.Automation;

/// <summary>
/// How releases and scheduled changes look on the wire. Steps are numbered from 1 here, as people count them; statuses
/// are lower-case with hyphens (<c>rolled-back</c>).
/// </summary>
internal static class AutomationJson
{
    public static object Release(ReleaseView release) => new
    {
        id = release.Id,
        flag = release.Definition.Flag,
        variant = release.Definition.Variant,
        baseline = release.Definition.Baseline,
        status = Status(release.Status),
        currentStep = release.CurrentStep + 1,
        percent = release.Percent,
        nextStepAt = release.NextStepAt,
        startAt = release.Definition.StartAt,
        steps = release.Definition.Steps.Select((step, index) => new
        {
            step = index + 1,
            percent = step.Percent,
            hold = step.Hold is { } hold ? IsoDuration.Format(hold) : null,
            dueAt = release.History.LastOrDefault(h => h.Event == "step" && h.Step == index)?.DueAt,
            appliedAt = release.History.LastOrDefault(h => h.Event == "step" && h.Step == index)?.At,
            version = release.History.LastOrDefault(h => h.Event == "step" && h.Step == index)?.Version,
        }),
        guardrails = release.Definition.Guardrails is { } g ? new { maxErrorRate = g.MaxErrorRate, minEvaluations = g.MinEvaluations } : null,
        outcome = release.Outcome is { } o
            ? new { evaluations = o.Evaluations, errors = o.Errors, errorRate = o.Evaluations > 0 ? (double)o.Errors / o.Evaluations : 0, checkedAt = o.CheckedAt }
            : null,
        createdAt = release.CreatedAt,
        createdBy = Person(release.CreatedBy),
        endedAt = release.EndedAt,
        reason = release.Reason,
        history = release.History.Select(h => new
        {
            at = h.At,
            dueAt = h.DueAt,
            @event = h.Event,
            step = h.Step + 1,
            percent = h.Percent,
            version = h.Version,
            actor = h.Actor,
            detail = h.Detail,
        }),
    };

    public static object Summary(ReleaseSummary release) => new
    {
        id = release.Id,
        flag = release.Flag,
        variant = release.Variant,
        status = Status(release.Status),
        percent = release.Percent,
        createdAt = release.CreatedAt,
        nextStepAt = release.NextStepAt,
    };

    public static object ScheduledChange(ScheduledChangeView change) => new
    {
        id = change.Id,
        status = change.Status.ToString().ToLowerInvariant(),
        at = change.Definition.At,
        flags = new JsonObject(change.Definition.Flags.Select(f => KeyValuePair.Create(f.Key, f.Value is null ? null : JsonNode.Parse(f.Value)))),
        createdAt = change.CreatedAt,
        createdBy = Person(change.CreatedBy),
        endedAt = change.EndedAt,
        version = change.Version,
        reason = change.Reason,
        errors = change.Problems.Select(p => new { path = p.Path, message = p.Message }),
    };

    public static object Summary(ScheduledChangeSummary change) => new
    {
        id = change.Id,
        status = change.Status.ToString().ToLowerInvariant(),
        at = change.At,
        flags = change.Flags,
        createdAt = change.CreatedAt,
    };

    public static string Status(ReleaseStatus status) => status == ReleaseStatus.RolledBack ? "rolled-back" : status.ToString().ToLowerInvariant();

    private static object Person(ChangeContext person) => new { id = person.ActorId, name = person.ActorName };
}
