using FlagGrains.Contracts.Audit;
using FlagGrains.Contracts.Automation;
using FlagGrains.Contracts.Environments;
using FlagGrains.Contracts.Releases;
using FlagGrains.Domain.Releases;
using FlagGrains.Grains.Automation;
using Microsoft.Extensions.Logging;

namespace FlagGrains.Grains.Releases;

public sealed partial class ReleaseGrain
{
    /// <summary>A person editing the flag between our read and our write costs a re-read; this many in a row, a retry later.</summary>
    private const int WriteAttempts = 3;

    private const int HistoryKept = 200;

    private async Task ApplyStepAsync(int index)
    {
        var due = S.NextDueAt;
        var step = Definition.Steps[index];
        var operationId = $"{Id}/step/{index}";
        var actor = AutomationActors.Release(Id, operationId, S.CreatedBy!, $"step {index + 1} of {Definition.Steps.Count}: {step.Percent} %");
        if (await WriteSplitAsync(step.Percent, operationId, "release.step", actor) is not { } written) return;
        var (version, split, reapplied) = written;

        var now = clock.GetUtcNow();
        S.Status = ReleaseStatus.Running;
        S.CurrentStep = index;
        S.Percent = step.Percent;
        S.LastSplit = split;
        S.StepStartedAt = now;
        S.StepBaseline = await ReadTalliesAsync();
        S.NextDueAt = now + (step.Hold ?? TimeSpan.Zero);
        AddHistory("step", version, AutomationActors.Describe(actor),
            reapplied ? "The split had been changed since the previous step; this step re-applied it and kept every other change." : null, due, now);
        var announcement = StoredWithNextWrite(Announcement("release.step", version, actor, null));
        await WriteAsync();
        _outcome = null;
        await AnnounceAsync(announcement);
    }

    private async Task CompleteAsync()
    {
        var due = S.NextDueAt;
        S.Status = ReleaseStatus.Completed;
        S.EndedAt = clock.GetUtcNow();
        S.NextDueAt = null;
        AddHistory("completed", null, $"release {Id}", null, due);
        await WriteAsync();
        await AnnounceAsync("release.completed", null, AutomationActors.Release(Id, Id, S.CreatedBy!, "completed"), null);
    }

    private async Task FailAsync(string reason)
    {
        S.Status = ReleaseStatus.Failed;
        S.EndedAt = clock.GetUtcNow();
        S.NextDueAt = null;
        S.RemainingHold = null;
        S.Reason = reason;
        AddHistory("failed", null, $"release {Id}", reason);
        await WriteAsync();
        await SyncRemindersAsync();
        await AnnounceAsync("release.failed", null, AutomationActors.Release(Id, Id, S.CreatedBy!, reason), reason);
    }

    /// <summary>Everyone gets the baseline (the split at 0 %) and the release ends; a release that never wrote just ends.</summary>
    private async Task RollBackAsync(ChangeContext person, string reason)
    {
        var operationId = $"{Id}/rollback";
        var actor = AutomationActors.Release(Id, operationId, person, reason);
        long? version = null;
        if (S.CurrentStep is not null)
        {
            if (await WriteSplitAsync(0, operationId, "release.rollback", actor) is not { } written) return;
            (version, S.LastSplit) = (written.Version, written.Split);
        }

        S.Status = ReleaseStatus.RolledBack;
        S.Percent = 0;
        S.EndedAt = clock.GetUtcNow();
        S.NextDueAt = null;
        S.RemainingHold = null;
        S.Reason = reason;
        AddHistory("rolled-back", version, AutomationActors.Describe(actor), reason);
        var announcement = StoredWithNextWrite(Announcement("release.rolled-back", version, actor, reason));
        await WriteAsync();
        await SyncRemindersAsync();
        await AnnounceAsync(announcement);
    }

    /// <summary>
    /// Puts the split at <paramref name="percent"/> into the flag as it is now, over exactly the definition read (a
    /// person's edit in between means read again), at most once per <paramref name="operationId"/>. Null when the
    /// release failed instead (flag or environment gone, or the write refused); throws when it should be retried.
    /// </summary>
    private async Task<(long Version, string Split, bool Reapplied)?> WriteSplitAsync(int percent, string operationId, string action, ChangeContext actor)
    {
        for (var attempt = 1; attempt <= WriteAttempts; attempt++)
        {
            var flag = await Environment.GetFlagAsync(Definition.Flag);
            if (flag is null)
            {
                await FailAsync($"The flag '{Definition.Flag}' no longer exists in '{Definition.EnvironmentKey}'.");
                return null;
            }

            var placement = ReleaseSplit.Place(flag.FlagJson, Definition.Variant, Definition.Baseline, percent);
            if (!placement.Placed)
            {
                await FailAsync($"The split could not be placed in the flag as it is now: {placement.Problem}");
                return null;
            }

            var edits = new FlagEdits(operationId, action, [new FlagEdit(Definition.Flag, placement.FlagJson, flag.ETag)]);
            var result = await Environment.ApplyFlagEditsAsync(edits, actor);
            switch (result.Status)
            {
                case FlagSetWriteStatus.Stored:
                    var reapplied = S.LastSplit is not null && placement.PreviousSlot != S.LastSplit;
                    return (result.Version, placement.Split!, reapplied);
                case FlagSetWriteStatus.VersionConflict:
                    continue;
                case FlagSetWriteStatus.NotFound:
                    await FailAsync($"The environment '{Definition.EnvironmentKey}' no longer exists.");
                    return null;
                default:
                    await FailAsync($"The environment refused the split: {string.Join("; ", result.Problems.Take(3).Select(p => $"{p.Path}: {p.Message}"))}");
                    return null;
            }
        }

        throw new InvalidOperationException($"Flag '{Definition.Flag}' changed under each of {WriteAttempts} attempts; the reminder retries.");
    }

    private void AddHistory(string kind, long? version, string actor, string? detail, DateTimeOffset? due = null, DateTimeOffset? at = null)
    {
        S.History.Add(new ReleaseHistoryEntry(at ?? clock.GetUtcNow(), kind, S.CurrentStep, S.Percent, version, actor, detail, due));
        if (S.History.Count > HistoryKept) S.History.RemoveAt(S.History.FindIndex(h => h.Event == "signal") is >= 0 and var i ? i : 0);
    }

    /// <summary>Persists the state; on failure memory goes back to what is stored, so a retry starts from the truth.</summary>
    private async Task WriteAsync()
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            try
            {
                await state.ReadStateAsync();
            }
            catch
            {
                DeactivateOnIdle();
            }

            throw;
        }
    }

    private Task AnnounceAsync(string type, long? version, ChangeContext actor, string? reason) =>
        AnnounceAsync(Announcement(type, version, actor, reason));

    private AutomationEvent Announcement(string type, long? version, ChangeContext actor, string? reason) =>
        new(type, Definition.EnvironmentKey, Id, [Definition.Flag], clock.GetUtcNow(), version, S.CurrentStep, S.Percent, reason, actor);

    /// <summary>
    /// Puts the announcement's webhook event into the state the next write stores: the step and its announcement are
    /// stored together or not at all (a failed write restores the state, and the event with it).
    /// </summary>
    private AutomationEvent StoredWithNextWrite(AutomationEvent announcement)
    {
        if (Webhooks.ReleaseWebhookEvents.For(announcement) is { } webhookEvent) S.PendingWebhookEvents.Add(webhookEvent);
        return announcement;
    }

    private async Task AnnounceAsync(AutomationEvent announcement)
    {
        _outbox.ForwardSoon();
        await RecordSummaryAsync();
        await events.PublishAsync(announcement);
    }

    private async Task RecordSummaryAsync()
    {
        try
        {
            await Directory.RecordReleaseAsync(Summary(View()));
        }
        catch (Exception ex)
        {
            // The listing catches up with the next change; claims are checked against the release itself anyway.
            LogSummaryDeferred(logger, ex, Id);
        }
    }

    private static ReleaseSummary Summary(ReleaseView release) => new(
        release.Id, release.Definition.Flag, release.Definition.Variant, release.Status, release.Percent, release.CreatedAt, release.NextStepAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The listing of release {Release} was not updated; it catches up with the next change")]
    private static partial void LogSummaryDeferred(ILogger logger, Exception ex, string release);
}
