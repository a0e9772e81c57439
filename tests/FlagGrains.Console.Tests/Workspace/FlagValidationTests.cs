using FlagGrains.AdminConsole.Workspace;

namespace FlagGrains.AdminConsole.Tests.Workspace;

public sealed class FlagValidationTests
{
    [Fact]
    public void A_valid_flag_has_no_problems()
    {
        Assert.Empty(FlagValidation.Check("f", """{"state":"ENABLED","variants":{"on":true},"defaultVariant":"on"}"""));
    }

    [Fact]
    public void Broken_json_is_reported_at_the_root()
    {
        var problem = Assert.Single(FlagValidation.Check("f", """{"state":"""));
        Assert.Equal("$", problem.Path);
        Assert.StartsWith("Not valid JSON", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Domain_messages_point_into_the_flag_not_the_wrapping_document()
    {
        var problems = FlagValidation.Check("my.flag", """{"state":"ENABLED","variants":{"on":true},"defaultVariant":"missing"}""");

        Assert.NotEmpty(problems);
        Assert.All(problems, p => Assert.DoesNotContain("flags", p.Path, StringComparison.Ordinal));
    }

    [Fact]
    public void Targeting_flagd_could_not_run_is_an_error_as_in_the_grain()
    {
        var problems = FlagValidation.Check("f", """{"state":"ENABLED","variants":{"on":true},"defaultVariant":"on","targeting":{"no_such_operator":[1]}}""");

        Assert.Contains(problems, p => p.Path.StartsWith("$.targeting", StringComparison.Ordinal));
    }
}
