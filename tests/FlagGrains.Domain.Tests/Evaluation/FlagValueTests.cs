using System.Text;
using System.Text.Json;
using FlagGrains.Domain.Evaluation;

namespace FlagGrains.Domain.Tests.Evaluation;

public sealed class FlagValueTests
{
    [Theory]
    [InlineData("true", FlagValueKind.Boolean, "true")]
    [InlineData("\"hi <b>&</b> é\"", FlagValueKind.String, "\"hi <b>&</b> é\"")]
    [InlineData("10", FlagValueKind.Integer, "10")]
    [InlineData("10.0", FlagValueKind.Float, "10.0")]
    [InlineData("1e3", FlagValueKind.Float, "1e3")]
    [InlineData("{ \"a\" : [ 1 , 2 ] }", FlagValueKind.Object, "{\"a\":[1,2]}")]
    public void Values_are_pre_encoded_compactly(string json, FlagValueKind kind, string utf8)
    {
        using var document = JsonDocument.Parse(json);

        var value = FlagValue.FromJsonElement(document.RootElement);

        Assert.Equal(kind, value.Kind);
        Assert.Equal(utf8, Encoding.UTF8.GetString(value.Utf8Json.Span));
        Assert.Equal(utf8, value.ToString());
    }

    [Fact]
    public void Typed_accessors_convert_only_without_loss()
    {
        var integer = Value("42");
        Assert.Equal(42L, integer.AsInt64);
        Assert.Equal(42, integer.AsInt32);
        Assert.Equal(42.0, integer.AsDouble);
        Assert.Null(integer.AsString);
        Assert.Null(integer.AsBoolean);

        var whole = Value("10.0");
        Assert.Equal(10L, whole.AsInt64);

        var fraction = Value("2.5");
        Assert.Null(fraction.AsInt64);
        Assert.Equal(2.5, fraction.AsDouble);

        var big = Value("4294967296");
        Assert.Equal(4294967296L, big.AsInt64);
        Assert.Null(big.AsInt32);

        Assert.Equal("x", Value("\"x\"").AsString);
        Assert.True(Value("true").AsBoolean);
        Assert.Equal(2, Value("{\"a\": 2}").AsElement.GetProperty("a").GetInt32());
    }

    [Fact]
    public void Null_is_not_a_flag_value()
    {
        using var document = JsonDocument.Parse("null");
        Assert.Throws<ArgumentException>(() => FlagValue.FromJsonElement(document.RootElement));
    }

    private static FlagValue Value(string json)
    {
        using var document = JsonDocument.Parse(json);
        return FlagValue.FromJsonElement(document.RootElement);
    }
}
