using FlagGrains.AdminConsole.Workspace;

namespace FlagGrains.AdminConsole.Tests.Workspace;

public sealed class LineDiffTests
{
    [Fact]
    public void A_changed_state_is_one_removed_and_one_added_line_among_unchanged_ones()
    {
        var lines = LineDiff.Compute("""{"state":"ENABLED","defaultVariant":"on"}""", """{"state":"DISABLED","defaultVariant":"on"}""");

        Assert.Equal([DiffLineKind.Same, DiffLineKind.Removed, DiffLineKind.Added, DiffLineKind.Same, DiffLineKind.Same], lines.Select(l => l.Kind));
        Assert.Contains("DISABLED", lines[2].Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_created_item_is_all_added()
    {
        Assert.All(LineDiff.Compute(null, """{"a":1}"""), line => Assert.Equal(DiffLineKind.Added, line.Kind));
    }
}
