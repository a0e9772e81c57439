using FlagGrains.Contracts.Analytics;
using FlagGrains.Contracts.Releases;
using FlagGrains.Domain.Releases;
using Microsoft.Extensions.Logging;

namespace FlagGrains.Grains.Releases;

public sealed partial class ReleaseGrain
{
    /// <summary>
    /// Judges the step in effect by the gateways' tallies since it began: past <c>minEvaluations</c>, an ERROR share
    /// above <c>maxErrorRate</c> rolls the release back at once.
    /// </summary>
    private async Task CheckGuardrailsAsync()
    {
        if (S.Status is not (ReleaseStatus.Running or ReleaseStatus.Paused) || Definition.Guardrails is not { } guardrails) return;
        if (await ReadTalliesAsync() is not { } now) return;

        if (S.StepBaseline is not { } baseline)
        {
            // The step began while the tallies could not be read: count from the first reading instead.
            S.StepBaseline = now;
            await WriteAsync();
            return;
        }

        long evaluations = 0, errors = 0;
        foreach (var (silo, counts) in now)
        {
            // A silo that restarted has a new identity, so whatever it counted belongs to this step.
            var before = baseline.GetValueOrDefault(silo);
            evaluations += Math.Max(0, counts.Evaluations - before.Evaluations);
            errors += Math.Max(0, counts.Errors - before.Errors);
        }

        _outcome = new StepOutcome(evaluations, errors, clock.GetUtcNow());
        if (new Guardrail(guardrails.MaxErrorRate, guardrails.MinEvaluations).Breach(evaluations, errors) is { } breach)
            await RollBackAsync(S.CreatedBy!, $"guardrail: {breach} at step {S.CurrentStep + 1} ({S.Percent} %)");
    }

    private async Task<Dictionary<string, OutcomeCounts>?> ReadTalliesAsync()
    {
        try
        {
            return new Dictionary<string, OutcomeCounts>(await outcomes.ReadAsync(Definition.EnvironmentKey, Definition.Flag), StringComparer.Ordinal);
        }
        catch (Exception ex)
        {
            LogTalliesUnread(logger, ex, Id);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Release {Release} could not read the evaluation tallies; the guardrail judges at the next check")]
    private static partial void LogTalliesUnread(ILogger logger, Exception ex, string release);
}
