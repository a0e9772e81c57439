using FlagGrains.Contracts.Audit;

namespace FlagGrains.Grains.Automation;

/// <summary>
/// Audit identities of automation: the release or scheduled change is the actor, the person answerable for the write
/// (its creator, or whoever paused, resumed or rolled it back) is "on behalf of". An admin's override that let them
/// be created in an environment under an approval policy goes with the writes made for that admin.
/// </summary>
public static class AutomationActors
{
    public static ChangeContext Release(string releaseId, string operationId, ChangeContext person, string reason) =>
        new($"release:{releaseId}", $"release {releaseId}", operationId, null, person.ActorId, person.ActorName, reason, person.Approval);

    public static ChangeContext ScheduledChange(string changeId, ChangeContext creator, string reason) =>
        new($"scheduled-change:{changeId}", $"scheduled change {changeId}", changeId, null, creator.ActorId, creator.ActorName, reason, creator.Approval);

    /// <summary>How history entries name who did something: the person, or the automation itself.</summary>
    public static string Describe(ChangeContext actor) =>
        actor.OnBehalfOfName is { } person ? $"{actor.ActorName} for {person}" : actor.ActorName;
}
