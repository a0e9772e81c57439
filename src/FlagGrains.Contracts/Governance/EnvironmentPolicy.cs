namespace FlagGrains.Contracts.Governance;

/// <summary>
/// An environment's change policy. With <see cref="RequiredApprovals"/> ≥ 1 a flag write is not applied but becomes a
/// change request that other tokens must approve; 0 (the default) applies writes at once.
/// </summary>
[GenerateSerializer, Immutable, Alias("FlagGrains.EnvironmentPolicy")]
public sealed record EnvironmentPolicy([property: Id(0)] int RequiredApprovals)
{
    /// <summary>More reviewers than this is a typo, not a policy.</summary>
    public const int MaxRequiredApprovals = 10;

    public static EnvironmentPolicy Default { get; } = new(0);

    public bool RequiresApproval => RequiredApprovals > 0;
}
