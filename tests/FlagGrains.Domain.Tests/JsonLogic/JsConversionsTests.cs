using FlagGrains.Domain.JsonLogic;

namespace FlagGrains.Domain.Tests.JsonLogic;

/// <summary>ECMAScript coercions the JsonLogic reference relies on, beyond what tests.json covers.</summary>
public sealed class JsConversionsTests
{
    [Theory]
    [InlineData(0.0, "0")]
    [InlineData(1.0, "1")]
    [InlineData(-1.5, "-1.5")]
    [InlineData(0.1, "0.1")]
    [InlineData(1e21, "1e+21")]
    [InlineData(1e20, "100000000000000000000")]
    [InlineData(123456789012345680000.0, "123456789012345680000")]
    [InlineData(0.000001, "0.000001")]
    [InlineData(0.0000001, "1e-7")]
    [InlineData(1.5e-7, "1.5e-7")]
    [InlineData(1.7976931348623157e308, "1.7976931348623157e+308")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.NegativeInfinity, "-Infinity")]
    public void Numbers_format_like_javascript(double value, string expected) =>
        Assert.Equal(expected, JsNumberFormatter.Format(value));

    [Theory]
    [InlineData("", 0.0)]
    [InlineData("  42  ", 42.0)]
    [InlineData("0x1F", 31.0)]
    [InlineData("0b101", 5.0)]
    [InlineData("0o17", 15.0)]
    [InlineData(".5", 0.5)]
    [InlineData("5.", 5.0)]
    [InlineData("-1e3", -1000.0)]
    [InlineData("Infinity", double.PositiveInfinity)]
    [InlineData("-Infinity", double.NegativeInfinity)]
    [InlineData("12px", double.NaN)]
    [InlineData("1,000", double.NaN)]
    [InlineData("-0x10", double.NaN)]
    [InlineData("infinity", double.NaN)]
    public void Strings_convert_to_numbers_like_javascript(string text, double expected) =>
        Assert.Equal(expected, JsNumberParser.StringToNumber(text));

    [Theory]
    [InlineData("12px", 12.0)]
    [InlineData("  3.5e2xyz", 350.0)]
    [InlineData("abc", double.NaN)]
    [InlineData("", double.NaN)]
    public void ParseFloat_reads_the_numeric_prefix(string text, double expected) =>
        Assert.Equal(expected, JsConversions.ParseFloat(LogicValue.FromString(text)));

    [Fact]
    public void Loose_equality_coerces_like_javascript()
    {
        Assert.True(JsConversions.LooseEquals(LogicValue.FromNumber(1), LogicValue.True));
        Assert.True(JsConversions.LooseEquals(LogicValue.FromString("1"), LogicValue.True));
        Assert.True(JsConversions.LooseEquals(LogicValue.FromArray([LogicValue.FromNumber(1)]), LogicValue.FromString("1")));
        Assert.True(JsConversions.LooseEquals(LogicValue.EmptyArray, LogicValue.False));
        Assert.False(JsConversions.LooseEquals(LogicValue.Null, LogicValue.False));
        Assert.False(JsConversions.LooseEquals(LogicValue.Null, LogicValue.FromNumber(0)));
        Assert.True(JsConversions.LooseEquals(LogicValue.Null, LogicValue.Null));
        Assert.False(JsConversions.LooseEquals(LogicValue.FromNumber(double.NaN), LogicValue.FromNumber(double.NaN)));
    }

    [Fact]
    public void Relational_comparison_uses_strings_only_when_both_are_strings()
    {
        Assert.Equal(-1, JsConversions.Compare(LogicValue.FromString("10"), LogicValue.FromString("9")));
        Assert.Equal(1, JsConversions.Compare(LogicValue.FromString("10"), LogicValue.FromNumber(9)));
        Assert.Null(JsConversions.Compare(LogicValue.FromString("x"), LogicValue.FromNumber(9)));
        Assert.Equal(0, JsConversions.Compare(LogicValue.Null, LogicValue.FromNumber(0)));
    }

    [Fact]
    public void Truthiness_follows_jsonlogic_not_javascript()
    {
        Assert.False(JsConversions.IsTruthy(LogicValue.EmptyArray));
        Assert.True(JsConversions.IsTruthy(LogicValue.FromString("0")));
        Assert.False(JsConversions.IsTruthy(LogicValue.FromNumber(double.NaN)));
        Assert.True(JsConversions.IsTruthy(LogicValue.FromObject(LogicObject.Empty)));
    }
}
