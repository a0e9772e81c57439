using System.Text.Json;
using FlagGrains.Domain.JsonLogic;

namespace FlagGrains.Domain.Tests.JsonLogic.Nodes;

/// <summary>
/// var follows JavaScript property access as json-logic-js and json-logic-engine (flagd-core) do: strings are
/// indexed by UTF-16 code unit, strings and arrays have a length. Found by the differential test.
/// </summary>
public sealed class DataPathTests
{
    private const string Data = """{"name": "h\u00e9llo", "emoji": "\ud83d\ude00", "tags": ["a", "bc"], "o": {"length": 7}, "n": 5}""";

    [Theory]
    [InlineData("name.1", "\"\u00e9\"")]
    [InlineData("name.0", "\"h\"")]
    [InlineData("name.length", "5")]
    [InlineData("tags.length", "2")]
    [InlineData("tags.1.0", "\"b\"")]
    [InlineData("tags.1.length", "2")]
    [InlineData("emoji.length", "2")]
    [InlineData("o.length", "7")]
    [InlineData("name.5", "null")]
    [InlineData("name.01", "null")]
    [InlineData("name.-1", "null")]
    [InlineData("n.0", "null")]
    [InlineData("n.length", "null")]
    public void Var_reads_strings_and_lengths_as_JavaScript_does(string path, string expected)
    {
        using var rule = JsonDocument.Parse(JsonSerializer.Serialize(new { var = path }));
        using var data = JsonDocument.Parse(Data);
        using var expectation = JsonDocument.Parse(expected);

        var actual = JsonLogicRule.Compile(rule.RootElement).Evaluate(data.RootElement);

        Assert.True(LogicValueAssert.Matches(expectation.RootElement, actual), $"{path}: got {LogicValueAssert.Describe(actual)}");
    }

    [Fact]
    public void A_string_index_can_split_a_surrogate_pair_like_JavaScript()
    {
        using var rule = JsonDocument.Parse("""{"var": "emoji.0"}""");
        using var data = JsonDocument.Parse(Data);

        Assert.Equal("\ud83d", JsonLogicRule.Compile(rule.RootElement).Evaluate(data.RootElement).AsString);
    }
}
