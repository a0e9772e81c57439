namespace FlagGrains.Contracts.Environments;

/// <summary>Outcome of a flag-set write: the new version, or why nothing was stored.</summary>
[GenerateSerializer, Immutable, Alias("FlagGrains.FlagSetWriteResult")]
public sealed record FlagSetWriteResult(
    [property: Id(0)] FlagSetWriteStatus Status,
    [property: Id(1)] long Version,
    [property: Id(2)] IReadOnlyList<FlagSetProblem> Problems)
{
    public static FlagSetWriteResult Stored(long version) => new(FlagSetWriteStatus.Stored, version, []);
}

[GenerateSerializer, Alias("FlagGrains.FlagSetWriteStatus")]
public enum FlagSetWriteStatus
{
    Stored = 0,
    Invalid = 1,
    VersionConflict = 2,
    NotFound = 3,

    /// <summary>
    /// Valid, but the environment's policy needs approvals: nothing was stored. The caller opens a change request
    /// (governance); <see cref="FlagSetWriteResult.Version"/> is the version the write was checked against.
    /// </summary>
    ApprovalRequired = 4,
}

/// <summary>One validation problem: a JSON path and a reason.</summary>
[GenerateSerializer, Immutable, Alias("FlagGrains.FlagSetProblem")]
public sealed record FlagSetProblem([property: Id(0)] string Path, [property: Id(1)] string Message);
