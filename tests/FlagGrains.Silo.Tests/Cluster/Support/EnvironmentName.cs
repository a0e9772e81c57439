using FlagGrains.Silo.Tests.TestSupport;

namespace FlagGrains.Silo.Tests.Cluster.Support;

/// <summary>One environment of a fresh project, so no two tests ever share a flag-set grain.</summary>
public sealed record EnvironmentName(string Project, string Environment)
{
    public static EnvironmentName New() => new(Environments.NewProject(), "prod");

    /// <summary>The flag-set grain's key, as it appears in Orleans' storage table.</summary>
    public string GrainKey => $"{Project}/{Environment}";

    public override string ToString() => GrainKey;
}
