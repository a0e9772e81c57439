namespace FlagGrains.Contracts.Governance;

/// <summary>
/// A flag write as it was asked for, before any policy applied: a whole document, one flag, or a flag removal, with
/// the precondition the caller gave (environment version or flag ETag).
/// </summary>
[GenerateSerializer, Immutable, Alias("FlagGrains.ProposedWrite")]
public sealed record ProposedWrite(
    [property: Id(0)] ProposedWriteKind Kind,
    [property: Id(1)] string? FlagKey,
    [property: Id(2)] string? Json,
    [property: Id(3)] long? ExpectedVersion,
    [property: Id(4)] string? ExpectedEtag)
{
    public static ProposedWrite Document(string documentJson, long? expectedVersion) =>
        new(ProposedWriteKind.Document, null, documentJson, expectedVersion, null);

    public static ProposedWrite Flag(string flagKey, string flagJson, string? expectedEtag) =>
        new(ProposedWriteKind.Flag, flagKey, flagJson, null, expectedEtag);

    public static ProposedWrite DeleteFlag(string flagKey, string? expectedEtag) =>
        new(ProposedWriteKind.DeleteFlag, flagKey, null, null, expectedEtag);
}

[GenerateSerializer, Alias("FlagGrains.ProposedWriteKind")]
public enum ProposedWriteKind
{
    Document = 0,
    Flag = 1,
    DeleteFlag = 2,
}
