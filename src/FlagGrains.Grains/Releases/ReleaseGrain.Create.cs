using FlagGrains.Contracts;
using FlagGrains.Contracts.Audit;
using FlagGrains.Contracts.Environments;
using FlagGrains.Contracts.Releases;
using FlagGrains.Domain.Editing;
using FlagGrains.Domain.Model;
using FlagGrains.Domain.Releases;

namespace FlagGrains.Grains.Releases;

public sealed partial class ReleaseGrain
{
    public async Task<ReleaseCommandResult> CreateAsync(ReleaseDefinition definition, ChangeContext creator)
    {
        if (S.Exists) return ReleaseCommandResult.Conflict($"Release {Id} exists already.", View());
        if (!GrainKeys.IsReleaseId(Id)) return ReleaseCommandResult.NotFound($"'{Id}' is not a release id.");

        var now = clock.GetUtcNow();
        var problems = CheckShape(definition, now);
        if (problems.Count > 0) return ReleaseCommandResult.Invalid(problems);

        var environment = GrainFactory.GetGrain<IEnvironmentGrain>(definition.EnvironmentKey);
        var flagSet = await environment.GetFlagSetAsync();
        if (flagSet is null) return ReleaseCommandResult.NotFound($"Environment '{definition.EnvironmentKey}' does not exist.");
        (creator, var refusal) = await Automation.AutomationPolicy.CheckAsync(environment, definition.EnvironmentKey, creator, "a release");
        if (refusal is not null) return ReleaseCommandResult.ApprovalRequired(refusal);
        if (CheckAgainstFlagSet(definition, flagSet.DocumentJson) is { } refused) return ReleaseCommandResult.Invalid([refused]);

        var directory = GrainFactory.GetGrain<Contracts.Automation.IAutomationDirectoryGrain>(definition.EnvironmentKey);
        if (await ClaimFlagAsync(directory, definition.Flag) is { } holder)
            return ReleaseCommandResult.Conflict($"Release {holder.Id} of flag '{definition.Flag}' is {StatusName(holder.Status)}; a flag has one active release at a time. Roll it back, or wait for it to end.");

        state.State = new ReleaseState
        {
            // Plain lists: the storage serializer cannot read back the collection types of collection expressions.
            Definition = definition with { Steps = definition.Steps.ToList() },
            Status = ReleaseStatus.Scheduled,
            NextDueAt = definition.StartAt ?? now,
            CreatedAt = now,
            CreatedBy = creator,
        };
        try
        {
            await state.WriteStateAsync();
            await SyncRemindersAsync();
        }
        catch
        {
            // Without its reminder the release would never start: undo, so the caller's failure means "nothing stored".
            state.State = new ReleaseState();
            try
            {
                await state.ClearStateAsync();
            }
            finally
            {
                await directory.ForgetReleaseAsync(Id);
            }

            throw;
        }

        await RecordSummaryAsync();
        await TryAdvanceAsync();
        return ReleaseCommandResult.Done(View());
    }

    /// <summary>Claims the flag; a claim left by a release that has since ended (or was never stored) is cleared first.</summary>
    private async Task<ReleaseView?> ClaimFlagAsync(Contracts.Automation.IAutomationDirectoryGrain directory, string flag)
    {
        if (await directory.ClaimFlagAsync(flag, Id) is not { } holderId) return null;
        var holder = await GrainFactory.GetGrain<IReleaseGrain>(holderId).GetAsync();
        if (holder is { IsActive: true }) return holder;

        if (holder is null) await directory.ForgetReleaseAsync(holderId);
        else await directory.RecordReleaseAsync(Summary(holder));
        return await directory.ClaimFlagAsync(flag, Id) is { } stillHeld ? await GrainFactory.GetGrain<IReleaseGrain>(stillHeld).GetAsync() : null;
    }

    private static List<FlagSetProblem> CheckShape(ReleaseDefinition definition, DateTimeOffset now)
    {
        var problems = new List<FlagSetProblem>();
        foreach (var (field, value) in new[] { ("flag", definition.Flag), ("variant", definition.Variant), ("baseline", definition.Baseline) })
        {
            if (string.IsNullOrWhiteSpace(value)) problems.Add(new FlagSetProblem($"$.{field}", $"Name the {field}."));
        }

        var guardrail = definition.Guardrails is { } g ? new Guardrail(g.MaxErrorRate, g.MinEvaluations) : (Guardrail?)null;
        var steps = definition.Steps.Select(s => new PlannedStep(s.Percent, s.Hold)).ToList();
        problems.AddRange(ReleaseRules.CheckPlan(steps, definition.StartAt, guardrail, now).Select(p => new FlagSetProblem(p.Path, p.Message)));
        return problems;
    }

    /// <summary>
    /// The flag exists, both variants do, the targeting has a place for the split, and the flag set with the split in
    /// it passes the same strict validation as any write. Later steps differ from the first only in two numbers.
    /// </summary>
    private static FlagSetProblem? CheckAgainstFlagSet(ReleaseDefinition definition, string documentJson)
    {
        if (FlagSetEditor.GetFlag(documentJson, definition.Flag) is not { } flagJson)
            return new FlagSetProblem("$.flag", $"There is no flag '{definition.Flag}' in '{definition.EnvironmentKey}'.");

        var placement = ReleaseSplit.Place(flagJson, definition.Variant, definition.Baseline, definition.Steps[0].Percent);
        if (!placement.Placed) return new FlagSetProblem($"$.{placement.Field}", placement.Problem!);

        var parsed = FlagSetDocument.Parse(FlagSetEditor.SetFlag(documentJson, definition.Flag, placement.FlagJson!)!, ValidationMode.Strict);
        return parsed.Errors.FirstOrDefault() is { } error
            ? new FlagSetProblem("$.flag", $"With the release's split the flag set would not be valid: {error.Path}: {error.Message}")
            : null;
    }
}
