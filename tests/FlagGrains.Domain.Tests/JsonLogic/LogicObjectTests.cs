using System.Text.Json;
using FlagGrains.Domain.JsonLogic;

namespace FlagGrains.Domain.Tests.JsonLogic;

/// <summary>Small objects are parallel arrays, larger ones a dictionary; both read the same.</summary>
public sealed class LogicObjectTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(LogicObject.ScanLimit)]
    [InlineData(LogicObject.ScanLimit + 1)]
    [InlineData(40)]
    public void Every_property_is_found_in_order_whatever_the_size(int count)
    {
        var json = "{" + string.Join(",", Enumerable.Range(0, count).Select(i => $"\"k{i}\": {i}")) + "}";
        using var document = JsonDocument.Parse(json);

        var value = LogicValueConverter.FromElement(document.RootElement).AsObject;

        Assert.Equal(count, value.Count);
        Assert.Equal(Enumerable.Range(0, count).Select(i => $"k{i}"), value.Properties.Select(pair => pair.Key));
        for (var i = 0; i < count; i++)
        {
            Assert.True(value.TryGetValue($"k{i}", out var item));
            Assert.Equal(i, item.AsNumber);
        }

        Assert.False(value.TryGetValue("missing", out _));
    }

    [Fact]
    public void A_repeated_key_keeps_its_first_position_and_its_last_value()
    {
        using var document = JsonDocument.Parse("""{"a": 1, "b": 2, "a": 3}""");

        var value = LogicValueConverter.FromElement(document.RootElement).AsObject;

        Assert.Equal(["a", "b"], value.Properties.Select(pair => pair.Key));
        Assert.True(value.TryGetValue("a", out var a));
        Assert.Equal(3, a.AsNumber);
    }

    [Fact]
    public void More_properties_than_announced_fall_back_to_a_dictionary()
    {
        var builder = new LogicObject.Builder(2);
        for (var i = 0; i < 5; i++)
        {
            builder.Add($"k{i}", LogicValue.FromNumber(i));
        }

        var value = builder.Build();

        Assert.Equal(5, value.Count);
        Assert.Equal(["k0", "k1", "k2", "k3", "k4"], value.Properties.Select(pair => pair.Key));
        Assert.True(value.TryGetValue("k4", out var last));
        Assert.Equal(4, last.AsNumber);
    }
}
