using System.Globalization;
using System.Text.Json.Nodes;
using FlagGrains.Contracts;
using FlagGrains.Contracts.Releases;
using FlagGrains.Contracts.Webhooks;
using FlagGrains.Grains.Automation;

namespace FlagGrains.Grains.Webhooks;

/// <summary>
/// Turns a release's steps and rollbacks into <c>release.step</c> and <c>release.rolled-back</c> webhook events. The
/// release grain announces after its change is stored and again if a re-fired reminder repeats the announcement; the
/// event id derives from the release, the event, the step and the version written, so each webhook queues it once.
/// Unlike environment writes there is no outbox here: an announcement lost with its silo is not sent (the flag write
/// itself still raises <c>flag.changed</c> through the environment's outbox).
/// </summary>
public sealed class ReleaseWebhookEvents(IGrainFactory grains) : IAutomationEventSink
{
    public Task PublishAsync(AutomationEvent automationEvent)
    {
        var type = automationEvent.Type switch
        {
            WebhookEventTypes.ReleaseStep => WebhookEventTypes.ReleaseStep,
            WebhookEventTypes.ReleaseRolledBack => WebhookEventTypes.ReleaseRolledBack,
            _ => null,
        };
        if (type is null) return Task.CompletedTask;

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
        var webhookEvent = WebhookEvent.Create(type, source, automationEvent.At, project, environment, actor.ActorId, actor.ActorName, change.ToJsonString());
        return grains.GetGrain<IWebhookRegistryGrain>(GrainKeys.WebhookRegistry).PublishAsync([webhookEvent]);
    }
}
