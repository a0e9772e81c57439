using FlagGrains.Testing.Components;

namespace FlagGrains.Domain.Tests.Differential;

/// <summary>
/// Where the reference evaluator lives (<c>tests/differential-node</c>, run by <c>node</c> after <c>npm ci</c>).
/// Whether it can run here is <see cref="Component.NodeReference"/>'s question.
/// </summary>
internal static class ReferenceEnvironment
{
    public static string ScriptDirectory => RepositoryRoot.PathOf("tests", "differential-node");

    public static string Node => Executables.Find("node") ?? throw new InvalidOperationException("node is not on the PATH.");

    /// <summary>Source files beside the tests, read in place (the project does not copy them to bin/).</summary>
    public static string SourcePath(params string[] relative) =>
        RepositoryRoot.PathOf(["tests", "FlagGrains.Domain.Tests", "Differential", .. relative]);
}
