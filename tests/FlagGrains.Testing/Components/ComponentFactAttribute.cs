using System.Runtime.CompilerServices;
using Xunit;

namespace FlagGrains.Testing.Components;

/// <summary>
/// A fact that needs components from outside the repository. xunit 2 cannot skip from inside a test, so the skip is
/// decided here, when the test is discovered: skipped with one message when a component is absent, run (and so
/// failed) under <c>CI=true</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ComponentFactAttribute : FactAttribute
{
    public ComponentFactAttribute(Component component, [CallerFilePath] string file = "", [CallerMemberName] string test = "")
        => Skip = ComponentSkip.Decide([component], file, test);

    public ComponentFactAttribute(Component component, Component also, [CallerFilePath] string file = "", [CallerMemberName] string test = "")
        => Skip = ComponentSkip.Decide([component, also], file, test);
}

/// <summary>A theory that needs components from outside the repository; see <see cref="ComponentFactAttribute"/>.</summary>
/// <remarks>A skipped theory's data is never enumerated, so member data may read the component freely.</remarks>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ComponentTheoryAttribute : TheoryAttribute
{
    public ComponentTheoryAttribute(Component component, [CallerFilePath] string file = "", [CallerMemberName] string test = "")
        => Skip = ComponentSkip.Decide([component], file, test);

    public ComponentTheoryAttribute(Component component, Component also, [CallerFilePath] string file = "", [CallerMemberName] string test = "")
        => Skip = ComponentSkip.Decide([component, also], file, test);
}

internal static class ComponentSkip
{
    public static string? Decide(Component[] components, string file, string test)
    {
        foreach (var component in components)
        {
            if (TestComponents.SkipReason(component) is not { } reason) continue;
            SkipReport.Record(component, $"{Path.GetFileNameWithoutExtension(file)}.{test}", reason);
            return reason;
        }

        return null;
    }
}
