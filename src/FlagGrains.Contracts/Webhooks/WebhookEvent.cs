using System.Security.Cryptography;
using System.Text;

namespace FlagGrains.Contracts.Webhooks;

/// <summary>
/// Something that happened, as webhooks deliver it. <see cref="Id"/> is derived from what caused the event, so an
/// outbox forwarding it twice (after a crash) produces the same id and receivers can drop the repeat.
/// <see cref="ChangeJson"/> is the event's <c>change</c> object, already JSON.
/// </summary>
[GenerateSerializer, Immutable, Alias("FlagGrains.WebhookEvent")]
public sealed record WebhookEvent(
    [property: Id(0)] string Id,
    [property: Id(1)] string Type,
    [property: Id(2)] DateTimeOffset Time,
    [property: Id(3)] string? Project,
    [property: Id(4)] string? Environment,
    [property: Id(5)] string ActorId,
    [property: Id(6)] string ActorName,
    [property: Id(7)] string ChangeJson)
{
    /// <summary>
    /// An event whose id is a hash of <paramref name="source"/>: a string naming the cause uniquely, e.g.
    /// <c>shop/prod:v12:flag.changed</c> or <c>rel_…:step:3</c>.
    /// </summary>
    public static WebhookEvent Create(string type, string source, DateTimeOffset time, string? project, string? environment,
        string actorId, string actorName, string changeJson)
    {
        if (!WebhookEventTypes.IsKnown(type)) throw new ArgumentException($"Unknown webhook event type '{type}'.", nameof(type));
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(string.Concat(type, "|", source)));
        return new WebhookEvent("evt_" + Convert.ToHexStringLower(hash)[..32], type, time, project, environment, actorId, actorName, changeJson);
    }
}
