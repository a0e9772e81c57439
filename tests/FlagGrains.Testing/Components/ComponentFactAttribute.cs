using Xunit;

namespace FlagGrains.Testing.Components;

/// <summary>
/// A fact that needs components from outside the repository. xunit 2 cannot skip from inside a test, so the skip is
/// decided here, when the test is discovered: skipped with one message when a component is absent, run (and so
/// failed) under <c>CI=true</c>. Directory.Solution.targets sums these messages into the closing lines of
/// <c>dotnet test</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ComponentFactAttribute : FactAttribute
{
    public ComponentFactAttribute(params Component[] components) => Skip = ComponentSkip.Reason(components);
}

/// <summary>A theory that needs components from outside the repository; see <see cref="ComponentFactAttribute"/>.</summary>
/// <remarks>A skipped theory's data is never enumerated, so member data may read the component freely.</remarks>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ComponentTheoryAttribute : TheoryAttribute
{
    public ComponentTheoryAttribute(params Component[] components) => Skip = ComponentSkip.Reason(components);
}

internal static class ComponentSkip
{
    public static string? Reason(Component[] components) =>
        components.Select(TestComponents.SkipReason).FirstOrDefault(reason => reason is not null);
}
