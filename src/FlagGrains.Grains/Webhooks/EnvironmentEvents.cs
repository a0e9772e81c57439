using System.Text.Json.Nodes;
using FlagGrains.Contracts;
using FlagGrains.Contracts.Audit;
using FlagGrains.Contracts.Governance;
using FlagGrains.Contracts.Webhooks;

namespace FlagGrains.Grains.Webhooks;

/// <summary>
/// The webhook events an environment's audited write produces: <c>flag.changed</c> when it touched flags (or the
/// document's metadata and evaluators), <c>key.created</c> / <c>key.revoked</c> per key. Key events carry the key's id
/// and kind, never a secret.
/// </summary>
public static class EnvironmentEvents
{
    public static IEnumerable<WebhookEvent> FromAudit(AuditEntry entry)
    {
        var (project, environment) = GrainKeys.ParseEnvironment(entry.Scope);
        var flagItems = entry.Changes.Where(c => !c.Item.StartsWith("keys/", StringComparison.Ordinal) && c.Item != "policy").ToList();
        if (flagItems.Count > 0)
        {
            var change = new JsonObject
            {
                ["action"] = entry.Action,
                ["version"] = entry.Version,
                ["auditId"] = entry.EntryId,
                ["flags"] = new JsonArray([.. flagItems.Where(c => c.Item.StartsWith("flags/", StringComparison.Ordinal)).Select(c => JsonValue.Create(c.Item["flags/".Length..]))]),
                ["items"] = new JsonArray([.. flagItems.Select(Item)]),
            };
            if (entry.Actor.Approval is { } approval) change["approval"] = Approval(approval);
            yield return Event(WebhookEventTypes.FlagChanged, entry, project, environment, change);
        }

        foreach (var key in entry.Changes.Where(c => c.Item.StartsWith("keys/", StringComparison.Ordinal)))
        {
            var type = key.Before is null ? WebhookEventTypes.KeyCreated : key.After is null ? WebhookEventTypes.KeyRevoked : null;
            if (type is null) continue;
            var change = new JsonObject
            {
                ["keyId"] = key.Item["keys/".Length..],
                ["kind"] = JsonNode.Parse(key.Before ?? key.After!),
                ["version"] = entry.Version,
                ["auditId"] = entry.EntryId,
            };
            yield return Event(type, entry, project, environment, change, key.Item);
        }
    }

    /// <summary>The approval of a write as events and the audit show it.</summary>
    public static JsonObject Approval(ChangeApproval approval) => new()
    {
        ["kind"] = approval.Kind == ChangeApprovalKind.Override ? "override" : "change-request",
        ["changeRequestId"] = approval.ChangeRequestId,
        ["approvers"] = new JsonArray([.. approval.Approvers.Select(a => new JsonObject { ["id"] = a.TokenId, ["name"] = a.Name, ["at"] = a.At })]),
    };

    private static JsonObject Item(AuditChange change) => new()
    {
        ["item"] = change.Item,
        ["before"] = change.Before is null ? null : JsonNode.Parse(change.Before),
        ["after"] = change.After is null ? null : JsonNode.Parse(change.After),
    };

    private static WebhookEvent Event(string type, AuditEntry entry, string project, string environment, JsonObject change, string? part = null) =>
        WebhookEvent.Create(type, part is null ? entry.EntryId : string.Concat(entry.EntryId, "|", part), entry.At, project, environment,
            entry.Actor.ActorId, entry.Actor.ActorName, change.ToJsonString());
}
