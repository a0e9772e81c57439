using FlagGrains.Domain.Operators;

namespace FlagGrains.Domain.Tests.Operators;

/// <summary>Version parsing and ordering as flagd (Go x/mod/semver) defines them.</summary>
public sealed class SemanticVersionTests
{
    [Theory]
    [InlineData("1.2.3")]
    [InlineData("v1.2.3")]
    [InlineData("V1.2.3")]
    [InlineData("1")]
    [InlineData("1.2")]
    [InlineData("0.0.0")]
    [InlineData("1.0.0-alpha.1")]
    [InlineData("1.0.0-0.3.7")]
    [InlineData("1.0.0-x-y-z.--")]
    [InlineData("1.0.0+build.5")]
    [InlineData("1.0.0-rc.1+build.5")]
    [InlineData("123456789012345678901234567890.0.0")]
    public void Valid_versions(string text) => Assert.True(SemanticVersion.TryParse(text, out _));

    [Theory]
    [InlineData("")]
    [InlineData("v")]
    [InlineData("vv1.0.0")]
    [InlineData("1.0.0.0")]
    [InlineData("01.0.0")]
    [InlineData("1.02.0")]
    [InlineData("1.0.0-01")]
    [InlineData("1.0.0-")]
    [InlineData("1.0.0+")]
    [InlineData("1.0.0-a..b")]
    [InlineData("1.0-alpha")]
    [InlineData("1-alpha")]
    [InlineData("1.0.0 ")]
    [InlineData("not-a-version")]
    [InlineData("1.0.0-alpha_beta")]
    public void Invalid_versions(string text) => Assert.False(SemanticVersion.TryParse(text, out _));

    [Theory]
    [InlineData("1.0.0", "1.0.0", 0)]
    [InlineData("1", "1.0.0", 0)]
    [InlineData("v1.2", "1.2.0", 0)]
    [InlineData("1.0.0+a", "1.0.0+b", 0)]
    [InlineData("2.0.0", "10.0.0", -1)]
    [InlineData("99999999999999999999.0.0", "100000000000000000000.0.0", -1)]
    [InlineData("1.0.0-alpha", "1.0.0", -1)]
    [InlineData("1.0.0-alpha", "1.0.0-alpha.1", -1)]
    [InlineData("1.0.0-alpha.1", "1.0.0-alpha.beta", -1)]
    [InlineData("1.0.0-alpha.beta", "1.0.0-beta", -1)]
    [InlineData("1.0.0-beta.2", "1.0.0-beta.11", -1)]
    [InlineData("1.0.0-beta.11", "1.0.0-rc.1", -1)]
    [InlineData("1.0.0-rc.1", "1.0.0", -1)]
    public void Precedence_follows_semver(string left, string right, int expected)
    {
        Assert.True(SemanticVersion.TryParse(left, out var a));
        Assert.True(SemanticVersion.TryParse(right, out var b));
        Assert.Equal(expected, Math.Sign(a.CompareTo(b)));
        Assert.Equal(-expected, Math.Sign(b.CompareTo(a)));
    }

    [Theory]
    [InlineData("3.0.1", "3.0.0", true, true)]
    [InlineData("3.1.0", "3.0.0", true, false)]
    [InlineData("4.0.0", "3.0.0", false, false)]
    [InlineData("3.0.0-alpha", "3", true, true)]
    public void Caret_and_tilde_compare_major_and_minor(string version, string target, bool sameMajor, bool sameMinor)
    {
        Assert.True(SemanticVersion.TryParse(version, out var a));
        Assert.True(SemanticVersion.TryParse(target, out var b));
        Assert.Equal(sameMajor, a.SameMajor(b));
        Assert.Equal(sameMinor, a.SameMinor(b));
    }
}
