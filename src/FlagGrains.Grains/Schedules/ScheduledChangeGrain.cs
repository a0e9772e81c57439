using FlagGrains.Contracts;
using FlagGrains.Contracts.Audit;
using FlagGrains.Contracts.Automation;
using FlagGrains.Contracts.Environments;
using FlagGrains.Contracts.Releases;
using FlagGrains.Contracts.Schedules;
using FlagGrains.Domain.Editing;
using FlagGrains.Domain.Model;
using FlagGrains.Domain.Releases;
using FlagGrains.Grains.Automation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FlagGrains.Grains.Schedules;

/// <summary>
/// One scheduled change: checked when created, stored with its due time, woken by a reminder that repeats every retry
/// period until the change is applied, and applied once (the environment remembers the operation id) as one audited
/// write of all its flags. A change the flag set no longer accepts ends as failed and changes nothing.
/// </summary>
public sealed partial class ScheduledChangeGrain(
    [PersistentState("scheduled-change", ProviderNames.GrainStorage)] IPersistentState<ScheduledChangeState> state,
    [FromKeyedServices(AutomationOptions.ClockKey)] TimeProvider clock,
    AutomationEvents events,
    IOptions<AutomationOptions> options,
    ILogger<ScheduledChangeGrain> logger) : Grain, IScheduledChangeGrain, IRemindable
{
    public const int MaxFlags = 100;

    private const string DueReminderName = "scheduled-change-due";

    private DueReminder _due = null!;

    private string Id => this.GetPrimaryKeyString();

    private ScheduledChangeState S => state.State;

    private ScheduledChangeDefinition Definition => S.Definition!;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _due = new DueReminder(this, DueReminderName, clock, options.Value.RetryPeriod);
        return Task.CompletedTask;
    }

    public async Task<ScheduledChangeResult> CreateAsync(ScheduledChangeDefinition definition, ChangeContext creator)
    {
        if (S.Exists) return ScheduledChangeResult.Conflict($"Scheduled change {Id} exists already.", View());
        if (!GrainKeys.IsScheduledChangeId(Id)) return ScheduledChangeResult.NotFound($"'{Id}' is not a scheduled-change id.");

        var problems = new List<FlagSetProblem>();
        if (ReleaseRules.CheckDueTime("$.at", definition.At, clock.GetUtcNow()) is { } late) problems.Add(new FlagSetProblem(late.Path, late.Message));
        if (definition.Flags.Count is 0 or > MaxFlags)
            problems.Add(new FlagSetProblem("$.flags", $"A scheduled change sets or removes 1 to {MaxFlags} flags, not {definition.Flags.Count}."));
        if (problems.Count > 0) return ScheduledChangeResult.Invalid(problems);

        var environment = GrainFactory.GetGrain<IEnvironmentGrain>(definition.EnvironmentKey);
        var flagSet = await environment.GetFlagSetAsync();
        if (flagSet is null) return ScheduledChangeResult.NotFound($"Environment '{definition.EnvironmentKey}' does not exist.");
        (creator, var refusal) = await AutomationPolicy.CheckAsync(environment, definition.EnvironmentKey, creator, "a scheduled change");
        if (refusal is not null) return ScheduledChangeResult.ApprovalRequired(refusal);
        problems.AddRange(CheckAgainst(flagSet.DocumentJson, definition));
        if (problems.Count > 0) return ScheduledChangeResult.Invalid(problems);

        state.State = new ScheduledChangeState
        {
            Definition = definition with { Flags = new Dictionary<string, string?>(definition.Flags, StringComparer.Ordinal) },
            Status = ScheduledChangeStatus.Scheduled,
            CreatedAt = clock.GetUtcNow(),
            CreatedBy = creator,
        };
        try
        {
            await state.WriteStateAsync();
            await _due.ArmAsync(definition.At);
        }
        catch
        {
            state.State = new ScheduledChangeState();
            await state.ClearStateAsync();
            throw;
        }

        await RecordSummaryAsync();
        return ScheduledChangeResult.Done(View());
    }

    public Task<ScheduledChangeView?> GetAsync() => Task.FromResult(S.Exists ? View() : null);

    public async Task<ScheduledChangeResult> CancelAsync(ChangeContext by)
    {
        if (!S.Exists) return ScheduledChangeResult.NotFound($"There is no scheduled change {Id}.");
        if (S.Status != ScheduledChangeStatus.Scheduled)
            return ScheduledChangeResult.Conflict($"Scheduled change {Id} is {StatusName(S.Status)}; only one that has not run can be cancelled.", View());

        await EndAsync(ScheduledChangeStatus.Cancelled, null, $"cancelled by {by.ActorName}", []);
        await AnnounceAsync("scheduled-change.cancelled", AutomationActors.ScheduledChange(Id, by, "cancelled"));
        return ScheduledChangeResult.Done(View());
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (!S.Exists || S.Status != ScheduledChangeStatus.Scheduled)
        {
            await _due.ClearAsync();
            return;
        }

        if (Definition.At > clock.GetUtcNow())
        {
            await _due.ArmAsync(Definition.At);
            return;
        }

        await ApplyAsync();
    }

    /// <summary>One write of every flag; throws (and the reminder retries) only when the write could not be made at all.</summary>
    private async Task ApplyAsync()
    {
        var actor = AutomationActors.ScheduledChange(Id, S.CreatedBy!, $"scheduled for {Definition.At.ToUniversalTime():yyyy-MM-dd HH:mm:ss} UTC");
        var edits = new FlagEdits(Id, "scheduled-change.apply", Definition.Flags.Select(f => new FlagEdit(f.Key, f.Value)).ToList());
        var result = await GrainFactory.GetGrain<IEnvironmentGrain>(Definition.EnvironmentKey).ApplyFlagEditsAsync(edits, actor);
        switch (result.Status)
        {
            case FlagSetWriteStatus.Stored:
                await EndAsync(ScheduledChangeStatus.Applied, result.Version, null, []);
                await AnnounceAsync("scheduled-change.applied", actor);
                break;
            case FlagSetWriteStatus.NotFound:
                await EndAsync(ScheduledChangeStatus.Failed, null, $"The environment '{Definition.EnvironmentKey}' no longer exists.", []);
                await AnnounceAsync("scheduled-change.failed", actor);
                break;
            default:
                await EndAsync(ScheduledChangeStatus.Failed, null,
                    $"The flag set no longer accepts this change: {string.Join("; ", result.Problems.Take(3).Select(p => $"{p.Path}: {p.Message}"))}", result.Problems.ToList());
                await AnnounceAsync("scheduled-change.failed", actor);
                break;
        }
    }

    private async Task EndAsync(ScheduledChangeStatus status, long? version, string? reason, List<FlagSetProblem> problems)
    {
        var previous = (S.Status, S.EndedAt, S.Version, S.Reason, S.Problems);
        (S.Status, S.EndedAt, S.Version, S.Reason, S.Problems) = (status, clock.GetUtcNow(), version, reason, problems);
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            (S.Status, S.EndedAt, S.Version, S.Reason, S.Problems) = previous;
            throw;
        }

        await _due.ClearAsync();
        await RecordSummaryAsync();
    }

    /// <summary>The flag set as it is now, with the change applied, must pass the strict validation every write passes.</summary>
    private static IEnumerable<FlagSetProblem> CheckAgainst(string documentJson, ScheduledChangeDefinition definition)
    {
        var document = documentJson;
        foreach (var (key, json) in definition.Flags)
        {
            var edited = json is null ? FlagSetEditor.RemoveFlag(document, key) : FlagSetEditor.SetFlag(document, key, json);
            if (edited is null)
            {
                yield return new FlagSetProblem($"$.flags.{key}", json is null ? $"There is no flag '{key}' to remove." : "A flag definition must be a JSON object (or null to remove the flag).");
                continue;
            }

            document = edited;
        }

        foreach (var error in FlagSetDocument.Parse(document, ValidationMode.Strict).Errors)
            yield return new FlagSetProblem(error.Path, error.Message);
    }

    private async Task AnnounceAsync(string type, ChangeContext actor) =>
        await events.PublishAsync(new AutomationEvent(
            type, Definition.EnvironmentKey, Id, Definition.Flags.Keys.ToList(), clock.GetUtcNow(), S.Version, null, null, S.Reason, actor));

    private async Task RecordSummaryAsync()
    {
        try
        {
            await GrainFactory.GetGrain<IAutomationDirectoryGrain>(Definition.EnvironmentKey)
                .RecordScheduledChangeAsync(new ScheduledChangeSummary(Id, Definition.At, Definition.Flags.Keys.ToList(), S.Status, S.CreatedAt));
        }
        catch (Exception ex)
        {
            LogSummaryDeferred(logger, ex, Id);
        }
    }

    private ScheduledChangeView View() =>
        new(Id, Definition, S.Status, S.CreatedAt, S.CreatedBy!, S.EndedAt, S.Version, S.Reason, S.Problems.ToList());

    internal static string StatusName(ScheduledChangeStatus status) => status.ToString().ToLowerInvariant();

    [LoggerMessage(Level = LogLevel.Warning, Message = "The listing of scheduled change {Change} was not updated; it catches up with the next change")]
    private static partial void LogSummaryDeferred(ILogger logger, Exception ex, string change);
}
