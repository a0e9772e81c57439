namespace FlagGrains.Grains.Audit;

/// <summary>Head of an audit log: how many entries it holds and the ids of the latest ones (to drop retried appends).</summary>
[GenerateSerializer, Alias("FlagGrains.AuditLogState")]
public sealed class AuditLogState
{
    [Id(0)] public long Count { get; set; }
    [Id(1)] public List<string> RecentIds { get; set; } = [];
}

/// <summary>One segment's entries. Type name is part of stored rows; do not rename.</summary>
[GenerateSerializer, Alias("FlagGrains.AuditSegmentState")]
public sealed class AuditSegmentState
{
    [Id(0)] public List<Contracts.Audit.AuditEntry> Entries { get; set; } = [];
}
