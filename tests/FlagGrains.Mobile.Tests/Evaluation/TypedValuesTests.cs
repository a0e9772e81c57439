using System.Text.Json;
using FlagGrains.Mobile.Evaluation;

namespace FlagGrains.Mobile.Tests.Evaluation;

public sealed class TypedValuesTests
{
    [Theory]
    [InlineData("3", true, 3)]
    [InlineData("3.0", true, 3)]
    [InlineData("3.5", false, 0)]
    [InlineData("1e12", false, 0)]
    [InlineData("\"3\"", false, 0)]
    public void Integers_accept_integral_numbers_only(string json, bool ok, int expected)
    {
        Assert.Equal(ok, TypedValues.TryRead(Json(json), out int value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("1", false)]
    [InlineData("\"true\"", false)]
    public void Booleans_are_json_booleans(string json, bool ok) => Assert.Equal(ok, TypedValues.TryRead(Json(json), out bool _));

    [Theory]
    [InlineData("{\"a\":1}", true)]
    [InlineData("[1]", true)]
    [InlineData("1", false)]
    public void Structures_are_objects_or_arrays(string json, bool ok) => Assert.Equal(ok, TypedValues.TryRead(Json(json), out JsonElement _));

    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();
}
