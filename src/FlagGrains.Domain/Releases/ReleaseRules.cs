using System.Globalization;
using FlagGrains.Domain.Model;

namespace FlagGrains.Domain.Releases;

/// <summary>
/// What makes a release plan or a scheduled time acceptable, checked before anything is stored so a refused request
/// leaves nothing behind. Problems carry the JSON path of the request field at fault (<c>$.steps[1].percent</c>).
/// </summary>
public static class ReleaseRules
{
    public const int MaxSteps = 20;

    /// <summary>Long enough for a step to reach every silo and for tallies to mean something; tests use it.</summary>
    public static readonly TimeSpan MinHold = TimeSpan.FromSeconds(1);

    public static readonly TimeSpan MaxHold = TimeSpan.FromDays(90);

    /// <summary>How far ahead a release or a change may be scheduled.</summary>
    public static readonly TimeSpan MaxLeadTime = TimeSpan.FromDays(366);

    public const long MaxMinEvaluations = 1_000_000_000;

    public static IReadOnlyList<ValidationProblem> CheckPlan(
        IReadOnlyList<PlannedStep> steps, DateTimeOffset? startAt, Guardrail? guardrail, DateTimeOffset now)
    {
        var problems = new List<ValidationProblem>();
        var stepsPath = JsonPath.Property(JsonPath.Root, "steps");
        if (steps.Count == 0) problems.Add(new(stepsPath, "A release needs at least one step."));
        if (steps.Count > MaxSteps) problems.Add(new(stepsPath, $"A release has at most {MaxSteps} steps, not {steps.Count}."));

        var previous = 0;
        for (var i = 0; i < steps.Count; i++)
        {
            var step = JsonPath.Index(stepsPath, i);
            var (percent, hold) = (steps[i].Percent, steps[i].Hold);
            if (percent is < 1 or > ReleaseSplit.TotalWeight)
                problems.Add(new(JsonPath.Property(step, "percent"), $"A step's percentage is a whole number from 1 to 100, not {percent}."));
            else if (percent <= previous)
                problems.Add(new(JsonPath.Property(step, "percent"), $"Percentages must increase from step to step: {percent} follows {previous}."));
            previous = Math.Max(previous, percent);

            var holdPath = JsonPath.Property(step, "hold");
            if (hold is null && i < steps.Count - 1)
                problems.Add(new(holdPath, "Every step but the last needs a hold (an ISO 8601 duration such as \"PT10M\") before the next one."));
            else if (hold is { } h && (h < MinHold || h > MaxHold))
                problems.Add(new(holdPath, $"A hold lasts from {IsoDuration.Format(MinHold)} to {IsoDuration.Format(MaxHold)}, not {IsoDuration.Format(h)}."));
        }

        if (startAt is { } start && CheckDueTime(JsonPath.Property(JsonPath.Root, "startAt"), start, now) is { } late) problems.Add(late);

        if (guardrail is { } g)
        {
            var guardrails = JsonPath.Property(JsonPath.Root, "guardrails");
            if (!(g.MaxErrorRate > 0 && g.MaxErrorRate <= 1))
                problems.Add(new(JsonPath.Property(guardrails, "maxErrorRate"), $"maxErrorRate is a share of evaluations above 0 and at most 1 (0.02 = 2 %), not {g.MaxErrorRate.ToString(CultureInfo.InvariantCulture)}."));
            if (g.MinEvaluations is < 1 or > MaxMinEvaluations)
                problems.Add(new(JsonPath.Property(guardrails, "minEvaluations"), $"minEvaluations is a whole number from 1 to {MaxMinEvaluations}, not {g.MinEvaluations}."));
        }

        return problems;
    }

    /// <summary>A due time must lie ahead, and not absurdly far: a past time would run at once, which nobody asked for.</summary>
    public static ValidationProblem? CheckDueTime(string path, DateTimeOffset at, DateTimeOffset now)
    {
        if (at <= now)
            return new(path, $"{Name(path)} must be in the future: {Rfc3339(at)} has passed (now {Rfc3339(now)}).");
        if (at - now > MaxLeadTime)
            return new(path, $"{Name(path)} may be at most {MaxLeadTime.TotalDays:0} days ahead.");
        return null;
    }

    private static string Name(string path) => path[(path.LastIndexOf('.') + 1)..];

    private static string Rfc3339(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}

/// <summary>One step of a plan: the percentage to reach, and how long to hold it before the next step.</summary>
public readonly record struct PlannedStep(int Percent, TimeSpan? Hold);

/// <summary>Roll back once the share of ERROR evaluations at the current step exceeds <see cref="MaxErrorRate"/>, judged after <see cref="MinEvaluations"/>.</summary>
public readonly record struct Guardrail(double MaxErrorRate, long MinEvaluations)
{
    /// <summary>The reason to roll back, or null while the step is healthy (or has too few evaluations to judge).</summary>
    public string? Breach(long evaluations, long errors)
    {
        if (evaluations < MinEvaluations || evaluations <= 0) return null;
        var rate = (double)errors / evaluations;
        return rate > MaxErrorRate
            ? $"error rate {rate.ToString("P2", CultureInfo.InvariantCulture)} ({errors} of {evaluations} evaluations) exceeded {MaxErrorRate.ToString("P2", CultureInfo.InvariantCulture)}"
            : null;
    }
}
