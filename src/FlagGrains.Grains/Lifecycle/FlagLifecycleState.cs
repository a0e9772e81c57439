using FlagGrains.Contracts.Audit;
using FlagGrains.Contracts.Lifecycle;

namespace FlagGrains.Grains.Lifecycle;

/// <summary>Ownership and lifecycle of an environment's flags. The type name is part of stored rows: never rename.</summary>
[GenerateSerializer, Alias("FlagGrains.FlagLifecycleState")]
public sealed class FlagLifecycleState
{
    [Id(0)] public List<StoredFlagLifecycle> Flags { get; set; } = [];

    /// <summary>Counts changes, for audit entry ids (the environment's version does not move for these).</summary>
    [Id(1)] public long Changes { get; set; }

    /// <summary>Audit entries written with the change they describe, forwarded after the write (an outbox).</summary>
    [Id(2)] public List<AuditEntry> PendingAudit { get; set; } = [];
}
