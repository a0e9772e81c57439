namespace FlagGrains.Contracts.Environments;

/// <summary>One flag's definition as stored, with a content ETag so edits of other flags never conflict with it.</summary>
[GenerateSerializer, Immutable, Alias("FlagGrains.FlagView")]
public sealed record FlagView(
    [property: Id(0)] string FlagKey,
    [property: Id(1)] string FlagJson,
    [property: Id(2)] string ETag,
    [property: Id(3)] long EnvironmentVersion);
