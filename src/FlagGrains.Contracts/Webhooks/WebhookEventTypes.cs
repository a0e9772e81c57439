namespace FlagGrains.Contracts.Webhooks;

/// <summary>The events a webhook may subscribe to; anything else is refused at registration.</summary>
public static class WebhookEventTypes
{
    /// <summary>An environment's flags changed (a write, an applied change request, an override, a deletion).</summary>
    public const string FlagChanged = "flag.changed";

    public const string ChangeRequestOpened = "change-request.opened";

    public const string ChangeRequestApplied = "change-request.applied";

    /// <summary>An environment's client or server key was created (never its secret).</summary>
    public const string KeyCreated = "key.created";

    public const string KeyRevoked = "key.revoked";

    /// <summary>A release moved to its next step (published by the release grains).</summary>
    public const string ReleaseStep = "release.step";

    /// <summary>A release was rolled back (published by the release grains).</summary>
    public const string ReleaseRolledBack = "release.rolled-back";

    public static IReadOnlyList<string> All { get; } =
        [FlagChanged, ChangeRequestOpened, ChangeRequestApplied, KeyCreated, KeyRevoked, ReleaseStep, ReleaseRolledBack];

    public static bool IsKnown(string? type) => type is not null && All.Contains(type, StringComparer.Ordinal);
}
