using FlagGrains.Contracts;
using FlagGrains.Contracts.Audit;
using FlagGrains.Contracts.Automation;
using FlagGrains.Contracts.Environments;
using FlagGrains.Contracts.Releases;
using FlagGrains.Grains.Analytics;
using FlagGrains.Grains.Automation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FlagGrains.Grains.Releases;

/// <summary>
/// One release. Its schedule lives in its persisted state; a reminder wakes it at each due time (and again every
/// retry period until the due work is done, so a silo loss or a failed write only delays a step), and a second
/// reminder ticks while guardrails watch. Every step is an at-most-once audited write to the environment grain.
/// </summary>
public sealed partial class ReleaseGrain(
    [PersistentState("release", ProviderNames.GrainStorage)] IPersistentState<ReleaseState> state,
    [FromKeyedServices(AutomationOptions.ClockKey)] TimeProvider clock,
    IEvaluationOutcomes outcomes,
    AutomationEvents events,
    IOptions<AutomationOptions> options,
    ILogger<ReleaseGrain> logger) : Grain, IReleaseGrain, IRemindable
{
    private const string DueReminderName = "release-due";
    private const string WatchReminderName = "release-watch";

    private DueReminder _due = null!;
    private DueReminder _watch = null!;
    private StepOutcome? _outcome;
    private Webhooks.EventOutbox _outbox = null!;

    private string Id => this.GetPrimaryKeyString();

    private ReleaseState S => state.State;

    private ReleaseDefinition Definition => S.Definition!;

    private IEnvironmentGrain Environment => GrainFactory.GetGrain<IEnvironmentGrain>(Definition.EnvironmentKey);

    private IAutomationDirectoryGrain Directory => GrainFactory.GetGrain<IAutomationDirectoryGrain>(Definition.EnvironmentKey);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _due = new DueReminder(this, DueReminderName, clock, options.Value.RetryPeriod);
        _watch = new DueReminder(this, WatchReminderName, clock, options.Value.GuardrailCheckInterval);

        // Announcements stored by a previous activation that did not live to forward them.
        _outbox = new Webhooks.EventOutbox(this, GrainFactory, () => S.PendingWebhookEvents, logger);
        _outbox.ForwardSoon();
        return Task.CompletedTask;
    }

    public Task<ReleaseView?> GetAsync() => Task.FromResult(S.Exists ? View() : null);

    public async Task<ReleaseCommandResult> PauseAsync(ChangeContext by)
    {
        if (!S.Exists) return NotFound();
        if (S.Status is not (ReleaseStatus.Scheduled or ReleaseStatus.Running))
            return ReleaseCommandResult.Conflict($"Release {Id} is {StatusName(S.Status)}; only a scheduled or running release can be paused.", View());

        var now = clock.GetUtcNow();
        S.RemainingHold = S.NextDueAt is { } due && due > now ? due - now : TimeSpan.Zero;
        S.NextDueAt = null;
        S.Status = ReleaseStatus.Paused;
        AddHistory("paused", null, Person(by), null);
        await WriteAsync();
        await SyncRemindersAsync();
        await AnnounceAsync("release.paused", null, by, null);
        return ReleaseCommandResult.Done(View());
    }

    public async Task<ReleaseCommandResult> ResumeAsync(ChangeContext by)
    {
        if (!S.Exists) return NotFound();
        if (S.Status != ReleaseStatus.Paused)
            return ReleaseCommandResult.Conflict($"Release {Id} is {StatusName(S.Status)}; only a paused release can be resumed.", View());

        S.Status = S.CurrentStep is null ? ReleaseStatus.Scheduled : ReleaseStatus.Running;
        S.NextDueAt = clock.GetUtcNow() + (S.RemainingHold ?? TimeSpan.Zero);
        S.RemainingHold = null;
        AddHistory("resumed", null, Person(by), null);
        await WriteAsync();
        await SyncRemindersAsync();
        await AnnounceAsync("release.resumed", null, by, null);
        await TryAdvanceAsync();
        return ReleaseCommandResult.Done(View());
    }

    public async Task<ReleaseCommandResult> RollbackAsync(ChangeContext by)
    {
        if (!S.Exists) return NotFound();
        if (!S.IsActive) return ReleaseCommandResult.Conflict($"Release {Id} is {StatusName(S.Status)}; it no longer owns the flag's split.", View());

        await RollBackAsync(by, $"rolled back by {by.ActorName}");
        return ReleaseCommandResult.Done(View());
    }

    public async Task<ReleaseCommandResult> SignalAsync(ReleaseSignal signal)
    {
        if (!S.Exists) return NotFound();
        var detail = signal.Reason is { Length: > 0 } reason ? $"{signal.Source}: {reason}" : signal.Source;
        if (signal.Healthy)
        {
            // Alertmanager repeats "resolved" notifications; one line per distinct verdict is enough history.
            if (S.IsActive && S.History.LastOrDefault(h => h.Event == "signal")?.Detail != $"healthy, {detail}")
            {
                AddHistory("signal", null, Person(signal.By), $"healthy, {detail}");
                await WriteAsync();
            }

            return ReleaseCommandResult.Done(View());
        }

        if (!S.IsActive) return ReleaseCommandResult.Conflict($"Release {Id} is {StatusName(S.Status)}; the signal changes nothing.", View());
        await RollBackAsync(signal.By, $"unhealthy signal from {detail}");
        return ReleaseCommandResult.Done(View());
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (!S.IsActive)
        {
            // A reminder that outlived its release (its removal failed, or the state was never stored).
            await SyncRemindersAsync();
            return;
        }

        if (reminderName == WatchReminderName)
        {
            await CheckGuardrailsAsync();
            await SyncRemindersAsync();
        }
        else
        {
            await AdvanceAsync();
        }
    }

    /// <summary>
    /// Does whatever is due: first the guardrail verdict on the step in effect (a step that breached it must not be
    /// followed by a bigger one), then the start, the next steps, or completion. Throws when a write fails; the due
    /// reminder then ticks again after the retry period.
    /// </summary>
    private async Task AdvanceAsync()
    {
        await CheckGuardrailsAsync();
        while (S.Status is ReleaseStatus.Scheduled or ReleaseStatus.Running && S.NextDueAt is { } due && due <= clock.GetUtcNow())
        {
            var next = S.CurrentStep is { } current ? current + 1 : 0;
            if (next < Definition.Steps.Count) await ApplyStepAsync(next);
            else await CompleteAsync();
        }

        await SyncRemindersAsync();
    }

    /// <summary>For creation and resume: work that is due now is done now, and if it fails the reminder retries it.</summary>
    private async Task TryAdvanceAsync()
    {
        if (S.NextDueAt is not { } due || due > clock.GetUtcNow()) return;
        try
        {
            await AdvanceAsync();
        }
        catch (Exception ex)
        {
            LogAdvanceDeferred(logger, ex, Id);
        }
    }

    private async Task SyncRemindersAsync()
    {
        await _due.SetAsync(S.IsActive && S.Status != ReleaseStatus.Paused ? S.NextDueAt : null);
        if (S.Status is ReleaseStatus.Running or ReleaseStatus.Paused && Definition.Guardrails is not null) await _watch.KeepTickingAsync();
        else await _watch.ClearAsync();
    }

    private ReleaseView View() => new(
        Id, Definition, S.Status, S.CurrentStep, S.Percent, S.NextDueAt, S.CreatedAt, S.CreatedBy!, S.EndedAt, S.Reason,
        S.History.ToList(), S.Status is ReleaseStatus.Running or ReleaseStatus.Paused ? _outcome : null);

    private ReleaseCommandResult NotFound() => ReleaseCommandResult.NotFound($"There is no release {Id}.");

    internal static string StatusName(ReleaseStatus status) => status switch
    {
        ReleaseStatus.RolledBack => "rolled-back",
        _ => status.ToString().ToLowerInvariant(),
    };

    private static string Person(ChangeContext by) => AutomationActors.Describe(by);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Release {Release} could not do what is due now; its reminder retries")]
    private static partial void LogAdvanceDeferred(ILogger logger, Exception ex, string release);
}
