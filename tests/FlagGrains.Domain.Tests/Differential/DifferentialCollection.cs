namespace FlagGrains.Domain.Tests.Differential;

/// <summary>
/// The differential run keeps both cores busy for a minute (Node and the engine over 675,000 evaluations); it runs
/// alone so neither it nor the tests beside it are measured against a starved machine.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DifferentialCollection
{
    public const string Name = "differential";
}
