using FlagGrains.Contracts.Environments;

namespace FlagGrains.AdminConsole.Workspace;

public enum SaveStatus
{
    Stored,
    Stale,
    Invalid,
    NotFound,

    /// <summary>The environment needs approvals: nothing changed yet, a change request was opened instead.</summary>
    AwaitingApproval,
}

/// <summary>What a console write did; a stale write is refused, never merged or overwritten.</summary>
public sealed record SaveOutcome(SaveStatus Status, string Message, IReadOnlyList<FlagSetProblem> Problems, string? ETag = null, long Version = 0,
    long? ChangeRequestId = null)
{
    public bool Stored => Status == SaveStatus.Stored;

    public const string StaleMessage =
        "Someone changed this since you opened it, so nothing was saved. Reload to see the current version, then apply your change again.";

    public static SaveOutcome From(FlagSetWriteResult result, string? etag, string what) => result.Status switch
    {
        FlagSetWriteStatus.Stored => new SaveOutcome(SaveStatus.Stored, $"Saved (version {result.Version}).", [], etag, result.Version),
        FlagSetWriteStatus.VersionConflict => new SaveOutcome(SaveStatus.Stale, StaleMessage, [], Version: result.Version),
        FlagSetWriteStatus.NotFound => new SaveOutcome(SaveStatus.NotFound, $"{what} does not exist.", [], Version: result.Version),
        FlagSetWriteStatus.ApprovalRequired => new SaveOutcome(SaveStatus.AwaitingApproval, $"{what} needs approval; nothing was changed.", [], Version: result.Version),
        _ => new SaveOutcome(SaveStatus.Invalid, "The flag set was refused: fix the problems below.", result.Problems, Version: result.Version),
    };
}
