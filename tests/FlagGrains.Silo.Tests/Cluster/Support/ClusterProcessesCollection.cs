namespace FlagGrains.Silo.Tests.Cluster.Support;

/// <summary>
/// Tests that start silo processes run one at a time and alone: each starts two or three silos, and on a two-core
/// box anything running beside them would turn timing figures (failure detection, propagation) into noise.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ClusterProcessesCollection
{
    public const string Name = "cluster processes";
}
