namespace FlagGrains.Contracts.Environments;

/// <summary>The stored flagd document of an environment as an admin sees it.</summary>
[GenerateSerializer, Immutable, Alias("FlagGrains.FlagSetView")]
public sealed record FlagSetView(
    [property: Id(0)] string DocumentJson,
    [property: Id(1)] long Version,
    [property: Id(2)] DateTimeOffset UpdatedAt);
