namespace FlagGrains.Domain.Tests.Differential;

/// <summary>
/// A fact that needs the Node reference evaluator. xunit 2 cannot skip from inside a test, so the skip is
/// decided here, when the test is discovered. Under CI the test is never skipped: a missing reference
/// must fail the build rather than silently drop the comparison.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ReferenceFactAttribute : FactAttribute
{
    public ReferenceFactAttribute()
    {
        if (!ReferenceEnvironment.IsCi && ReferenceEnvironment.Unavailable() is { } reason)
        {
            Skip = $"Reference evaluator unavailable: {reason}. CI (CI=true) runs this test and fails instead.";
        }
    }
}
