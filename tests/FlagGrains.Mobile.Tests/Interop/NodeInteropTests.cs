namespace FlagGrains.Mobile.Tests.Interop;

/// <summary>The interop test reads node's report, not only its exit code.</summary>
public sealed class NodeInteropTests
{
    private static readonly string[] Expected = ["first test", "second test"];

    private const string AllPassed = """
        ✔ first test (12.5ms)
        ✔ second test (3.1ms)
        ℹ tests 2
        ℹ suites 0
        ℹ pass 2
        ℹ fail 0
        ℹ cancelled 0
        ℹ skipped 0
        ℹ todo 0
        ℹ duration_ms 120
        """;

    [Fact]
    public void A_report_with_every_expected_test_passing_is_accepted() =>
        Assert.Null(NodeInterop.Shortfall(AllPassed.Replace("    ", ""), Expected));

    [Fact]
    public void A_test_that_never_ran_is_named()
    {
        var output = AllPassed.Replace("✔ second test (3.1ms)\n", "").Replace("tests 2", "tests 1").Replace("pass 2", "pass 1");

        Assert.Contains("second test", NodeInterop.Shortfall(output, Expected));
    }

    [Fact]
    public void A_skipped_test_is_not_a_pass()
    {
        var output = AllPassed.Replace("skipped 0", "skipped 1");

        Assert.Equal("node counted 1 skipped", NodeInterop.Shortfall(output, Expected));
    }

    [Fact]
    public void An_empty_run_is_refused_even_with_exit_code_0() =>
        Assert.NotNull(NodeInterop.Shortfall("ℹ tests 0\nℹ pass 0\nℹ fail 0\n", Expected));

    [Fact]
    public void The_interop_file_declares_its_tests() =>
        Assert.True(NodeInterop.ExpectedTests().Count >= 3, string.Join(", ", NodeInterop.ExpectedTests()));
}
