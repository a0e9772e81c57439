using System.Text.Json;
using FlagGrains.Domain.JsonLogic;

namespace FlagGrains.Domain.Tests.JsonLogic;

/// <summary>Structural comparison of an evaluation result with expected JSON (numbers by value).</summary>
internal static class LogicValueAssert
{
    public static bool Matches(JsonElement expected, LogicValue actual) => expected.ValueKind switch
    {
        JsonValueKind.Null => actual.IsNull,
        JsonValueKind.True or JsonValueKind.False => actual.Kind == LogicValueKind.Boolean && actual.AsBoolean == expected.GetBoolean(),
        JsonValueKind.Number => actual.Kind == LogicValueKind.Number && actual.AsNumber == expected.GetDouble(),
        JsonValueKind.String => actual.Kind == LogicValueKind.String && actual.AsString == expected.GetString(),
        JsonValueKind.Array => actual.Kind == LogicValueKind.Array
            && actual.AsArray.Length == expected.GetArrayLength()
            && expected.EnumerateArray().Zip(actual.AsArray).All(pair => Matches(pair.First, pair.Second)),
        JsonValueKind.Object => actual.Kind == LogicValueKind.Object
            && actual.AsObject.Count == expected.EnumerateObject().Count()
            && expected.EnumerateObject().All(property => actual.AsObject.TryGetValue(property.Name, out var value) && Matches(property.Value, value)),
        _ => false,
    };

    public static string Describe(LogicValue value) => value.Kind switch
    {
        LogicValueKind.String => JsonSerializer.Serialize(value.AsString),
        LogicValueKind.Array => "[" + string.Join(",", value.AsArray.Select(Describe)) + "]",
        LogicValueKind.Object => "{" + string.Join(",", value.AsObject.Properties.Select(pair => JsonSerializer.Serialize(pair.Key) + ":" + Describe(pair.Value))) + "}",
        _ => value.ToString(),
    };
}
