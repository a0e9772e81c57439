namespace FlagGrains.Contracts.Environments;

/// <summary>
/// Announces that an environment reached a version. Only a hint: receivers pull the snapshot themselves,
/// so a lost or reordered bump costs latency, never correctness. <see cref="TraceParent"/> (W3C) lets the gateways'
/// refresh spans link to the admin request that caused the write.
/// </summary>
[GenerateSerializer, Immutable, Alias("FlagGrains.VersionBump")]
public sealed record VersionBump(
    [property: Id(0)] string EnvironmentKey,
    [property: Id(1)] long Version,
    [property: Id(2)] DateTimeOffset WrittenAt,
    [property: Id(3)] string? TraceParent = null);
