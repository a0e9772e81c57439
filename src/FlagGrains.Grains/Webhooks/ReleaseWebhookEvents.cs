using System.Globalization;
using System.Text.Json.Nodes;
using FlagGrains.Contracts;
using FlagGrains.Contracts.Releases;
using FlagGrains.Contracts.Webhooks;

namespace FlagGrains.Grains.Webhooks;

/// <summary>
/// Turns a release's steps and rollbacks into <c>release.step</c> and <c>release.rolled-back</c> webhook events. The
/// release grain stores the event in its state with the step it announces and forwards it from there (an
/// <see cref="EventOutbox"/>), so an announcement outlives a silo lost between the write and the send; the event id
/// derives from the release, the event, the step and the version written, so a repeat is queued once per webhook.
/// </summary>
internal static class ReleaseWebhookEvents
{
    /// <summary>The webhook event announcing <paramref name="automationEvent"/>; null for events webhooks do not carry.</summary>
    public static WebhookEvent? For(AutomationEvent automationEvent)
    {
        var type = automationEvent.Type switch
        {
            WebhookEventTypes.ReleaseStep => WebhookEventTypes.ReleaseStep,
            WebhookEventTypes.ReleaseRolledBack => WebhookEventTypes.ReleaseRolledBack,
            _ => null,
        };
        if (type is null) return null;

        var (project, environment) = GrainKeys.ParseEnvironment(automationEvent.EnvironmentKey);
        var actor = automationEvent.Actor;
        var change = new JsonObject
        {
            ["releaseId"] = automationEvent.SourceId,
            ["flags"] = new JsonArray([.. automationEvent.Flags.Select(f => JsonValue.Create(f))]),
            // Numbered from 1, as the admin API's currentStep (the grain counts from 0).
            ["step"] = automationEvent.Step + 1,
            ["percent"] = automationEvent.Percent,
            ["version"] = automationEvent.Version,
            ["reason"] = automationEvent.Reason,
            ["onBehalfOf"] = actor.OnBehalfOfId is { } person ? new JsonObject { ["id"] = person, ["name"] = actor.OnBehalfOfName } : null,
        };
        var source = string.Join(':', automationEvent.SourceId, type,
            automationEvent.Step?.ToString(CultureInfo.InvariantCulture) ?? "-", automationEvent.Version?.ToString(CultureInfo.InvariantCulture) ?? "-");
        return WebhookEvent.Create(type, source, automationEvent.At, project, environment, actor.ActorId, actor.ActorName, change.ToJsonString());
    }
}
