namespace FlagGrains.Contracts.Audit;

/// <summary>One recorded change. <see cref="Changes"/> holds the before/after JSON of each flag (or part) it touched.</summary>
[GenerateSerializer, Immutable, Alias("FlagGrains.AuditEntry")]
public sealed record AuditEntry(
    [property: Id(0)] string EntryId,
    [property: Id(1)] string Scope,
    [property: Id(2)] string Action,
    [property: Id(3)] DateTimeOffset At,
    [property: Id(4)] ChangeContext Actor,
    [property: Id(5)] long? Version,
    [property: Id(6)] IReadOnlyList<AuditChange> Changes);

/// <summary>A changed item: <c>flags/{key}</c>, <c>metadata</c>, <c>$evaluators</c>, <c>keys/{id}</c> or <c>tokens/{id}</c>; null before = created, null after = removed.</summary>
[GenerateSerializer, Immutable, Alias("FlagGrains.AuditChange")]
public sealed record AuditChange(
    [property: Id(0)] string Item,
    [property: Id(1)] string? Before,
    [property: Id(2)] string? After);

/// <summary>A page of audit entries, newest first; <see cref="NextCursor"/> continues with older ones.</summary>
[GenerateSerializer, Immutable, Alias("FlagGrains.AuditPage")]
public sealed record AuditPage(
    [property: Id(0)] IReadOnlyList<AuditEntry> Entries,
    [property: Id(1)] long? NextCursor);
