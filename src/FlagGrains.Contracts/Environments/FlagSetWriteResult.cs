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
}

/// <summary>One validation problem: a JSON path and a reason.</summary>
[GenerateSerializer, Immutable, Alias("FlagGrains.FlagSetProblem")]
public sealed record FlagSetProblem([property: Id(0)] string Path, [property: Id(1)] string Message);
