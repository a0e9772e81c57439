using FlagGrains.Contracts.Analytics;
using FlagGrains.Contracts.Audit;
using FlagGrains.Contracts.Releases;
using FlagGrains.Contracts.Webhooks;

namespace FlagGrains.Grains.Releases;

/// <summary>
/// Persisted state of a release. The type name is part of stored rows (JSON <c>$type</c>), so it must not be renamed
/// without a migration; collections are plain lists and dictionaries for the same reason (see StoredAudit).
/// </summary>
[GenerateSerializer, Alias("FlagGrains.ReleaseState")]
public sealed class ReleaseState
{
    [Id(0)] public ReleaseDefinition? Definition { get; set; }
    [Id(1)] public ReleaseStatus Status { get; set; }

    /// <summary>Index of the step in effect; null before the first step was applied.</summary>
    [Id(2)] public int? CurrentStep { get; set; }
    [Id(3)] public int Percent { get; set; }

    /// <summary>When the next thing is due: the start, the next step, or completion after the last hold. Null when paused or ended.</summary>
    [Id(4)] public DateTimeOffset? NextDueAt { get; set; }

    /// <summary>While paused: how long was left until <see cref="NextDueAt"/>.</summary>
    [Id(5)] public TimeSpan? RemainingHold { get; set; }
    [Id(6)] public DateTimeOffset CreatedAt { get; set; }
    [Id(7)] public ChangeContext? CreatedBy { get; set; }
    [Id(8)] public DateTimeOffset? EndedAt { get; set; }
    [Id(9)] public string? Reason { get; set; }
    [Id(10)] public List<ReleaseHistoryEntry> History { get; set; } = [];

    /// <summary>The split (compact JSON) this release last wrote into the flag, to tell whether someone changed it since.</summary>
    [Id(11)] public string? LastSplit { get; set; }

    /// <summary>Each silo's tallies of the flag when the current step began; null until read.</summary>
    [Id(12)] public Dictionary<string, OutcomeCounts>? StepBaseline { get; set; }
    [Id(13)] public DateTimeOffset? StepStartedAt { get; set; }

    /// <summary>Webhook events stored with the step or rollback they announce, until the registry has them.</summary>
    [Id(14)] public List<WebhookEvent> PendingWebhookEvents { get; set; } = [];

    public bool Exists => Definition is not null;

    public bool IsActive => Exists && Status is ReleaseStatus.Scheduled or ReleaseStatus.Running or ReleaseStatus.Paused;
}
