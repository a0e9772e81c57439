namespace FlagGrains.Contracts.Environments;

/// <summary>
/// Flags to set or remove in one write, applied at most once: the environment remembers recent
/// <see cref="OperationId"/>s with the version they produced and answers a repeat with that version instead of writing
/// again. Automation uses it so a reminder that fires twice (after a failover) cannot apply a step twice.
/// </summary>
[GenerateSerializer, Immutable, Alias("FlagGrains.FlagEdits")]
public sealed record FlagEdits(
    [property: Id(0)] string OperationId,
    [property: Id(1)] string Action,
    [property: Id(2)] IReadOnlyList<FlagEdit> Edits);

/// <summary>
/// One flag's new definition (null: remove it). With <see cref="ExpectedEtag"/> the edit applies only over that
/// definition of the flag (its ETag, as <see cref="FlagView.ETag"/>), so a person's edit made meanwhile is never overwritten.
/// </summary>
[GenerateSerializer, Immutable, Alias("FlagGrains.FlagEdit")]
public sealed record FlagEdit(
    [property: Id(0)] string FlagKey,
    [property: Id(1)] string? FlagJson,
    [property: Id(2)] string? ExpectedEtag = null);
