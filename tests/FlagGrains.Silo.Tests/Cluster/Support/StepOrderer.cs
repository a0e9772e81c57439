using Xunit.Abstractions;
using Xunit.Sdk;

namespace FlagGrains.Silo.Tests.Cluster.Support;

/// <summary>The position of a test in a class whose tests share one expensive cluster and change it as they go.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class StepAttribute(int number) : Attribute
{
    public int Number { get; } = number;
}

/// <summary>
/// Runs a class's tests by <see cref="StepAttribute"/>, so a destructive step (killing a silo) comes after the steps
/// that need the whole cluster. Starting a cluster per test would cost more CI time than the steps themselves.
/// </summary>
public sealed class StepOrderer : ITestCaseOrderer
{
    public const string TypeName = "FlagGrains.Silo.Tests.Cluster.Support.StepOrderer";

    public const string AssemblyName = "FlagGrains.Silo.Tests";

    public IEnumerable<TTestCase> OrderTestCases<TTestCase>(IEnumerable<TTestCase> testCases)
        where TTestCase : ITestCase =>
        testCases.OrderBy(testCase =>
        {
            var step = testCase.TestMethod.Method.GetCustomAttributes(typeof(StepAttribute).AssemblyQualifiedName).SingleOrDefault()
                ?? throw new InvalidOperationException($"{testCase.DisplayName} has no [Step]; every test of an ordered class needs one.");
            return (int)step.GetConstructorArguments().Single();
        });
}
