using FlagGrains.Testing.Components;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using FlagGrains.Domain.Evaluation;

namespace FlagGrains.Domain.Tests.Gherkin;

/// <summary>
/// The step vocabulary of the flagd test bed's evaluator suites, bound to <see cref="CompiledFlagSet"/>.
/// Like an OpenFeature SDK, a result without a value resolves to the caller's fallback value.
/// </summary>
internal sealed partial class EvaluatorSteps
{
    private readonly Dictionary<string, object?> _attributes = new(StringComparer.Ordinal);
    private CompiledFlagSet? _flagSet;
    private string? _targetingKey;
    private string _flagKey = string.Empty;
    private FlagValueKind _kind;
    private string _fallback = string.Empty;
    private EvaluationResult? _result;

    private readonly Func<string?, CompiledFlagSet> _flags;
    private string? _selector;

    private EvaluatorSteps(Func<string?, CompiledFlagSet> flags)
    {
        _flags = flags;
    }

    public static void Run(GherkinScenario scenario) => Run(scenario, _ => TestkitFlags.FlagSet);

    /// <summary>Runs with the flag set chosen by the scenario's "selector" option (null when it sets none).</summary>
    public static void Run(GherkinScenario scenario, Func<string?, CompiledFlagSet> flags)
    {
        var steps = new EvaluatorSteps(flags);
        foreach (var step in scenario.Steps)
        {
            try
            {
                steps.Execute(step);
            }
            catch (Exception exception) when (exception is not StepFailedException)
            {
                throw new StepFailedException($"Step '{step.Keyword} {step.Text}' failed: {exception.Message}", exception);
            }
        }
    }

    private void Execute(GherkinStep step)
    {
        Match match;
        if (step.Text is "an evaluator" or "a stable flagd provider")
        {
            _flagSet = _flags(_selector);
        }
        else if ((match = OptionStep().Match(step.Text)).Success)
        {
            // Other provider options (cache, resolver mode) have no meaning for an in-process evaluator.
            if (match.Groups[1].Value == "selector")
            {
                _selector = match.Groups[3].Value;
            }
        }
        else if ((match = FlagStep().Match(step.Text)).Success)
        {
            _kind = Enum.Parse<FlagValueKind>(match.Groups[1].Value);
            _flagKey = match.Groups[2].Value;
            _fallback = match.Groups[3].Value;
        }
        else if ((match = TargetingKeyStep().Match(step.Text)).Success)
        {
            _targetingKey = match.Groups[1].Value;
        }
        else if ((match = TypedKeyStep().Match(step.Text)).Success)
        {
            _attributes[match.Groups[1].Value] = Typed(match.Groups[2].Value, match.Groups[3].Value);
        }
        else if ((match = NestedKeyStep().Match(step.Text)).Success)
        {
            _attributes[match.Groups[1].Value] = new Dictionary<string, object?>(StringComparer.Ordinal) { [match.Groups[2].Value] = match.Groups[3].Value };
        }
        else if (step.Text == "the flag was evaluated with details")
        {
            var context = EvaluationContext.FromValues(_targetingKey, _attributes);
            _result = Required(_flagSet, "an evaluator").Evaluate(_flagKey, context, _kind);
        }
        else if ((match = ValueStep().Match(step.Text)).Success)
        {
            AssertValue(match.Groups[1].Value);
        }
        else if ((match = ReasonStep().Match(step.Text)).Success)
        {
            Assert.Equal(match.Groups[1].Value, Result.Reason);
        }
        else if ((match = ErrorCodeStep().Match(step.Text)).Success)
        {
            var expected = match.Groups[1].Value;
            Assert.Equal(expected.Length == 0 ? null : expected, Result.ErrorCode);
        }
        else if (step.Text == "the resolved metadata should contain")
        {
            AssertMetadata(Required(step.Table, "a metadata table"));
        }
        else if (step.Text == "the resolved metadata is empty")
        {
            Assert.Empty(Metadata());
        }
        else
        {
            throw new StepFailedException($"No step definition matches '{step.Text}'.");
        }
    }

    private EvaluationResult Result => _result ?? throw new StepFailedException("The flag was not evaluated.");

    private void AssertValue(string expected)
    {
        var value = Result.Value;
        switch (_kind)
        {
            case FlagValueKind.Boolean:
                Assert.Equal(bool.Parse(expected), value?.AsBoolean ?? bool.Parse(_fallback));
                break;
            case FlagValueKind.String:
                Assert.Equal(expected, value is null ? _fallback : value.AsString);
                break;
            case FlagValueKind.Integer:
                Assert.Equal(long.Parse(expected, CultureInfo.InvariantCulture), value?.AsInt64 ?? long.Parse(_fallback, CultureInfo.InvariantCulture));
                break;
            case FlagValueKind.Float:
                Assert.Equal(double.Parse(expected, CultureInfo.InvariantCulture), value?.AsDouble ?? double.Parse(_fallback, CultureInfo.InvariantCulture));
                break;
            default:
                var actual = value is null ? JsonNode.Parse(Unescape(_fallback)) : JsonNode.Parse(value.Utf8Json.Span);
                Assert.True(
                    JsonNode.DeepEquals(JsonNode.Parse(Unescape(expected)), actual),
                    $"Expected {Unescape(expected)} but resolved {actual?.ToJsonString()}.");
                break;
        }
    }

    private void AssertMetadata(IReadOnlyList<IReadOnlyList<string>> table)
    {
        var metadata = Metadata();
        foreach (var row in table.Skip(1))
        {
            var (key, type, expected) = (row[0], row[1], row[2]);
            Assert.True(metadata.TryGetValue(key, out var actual), $"Metadata has no '{key}'.");
            switch (type)
            {
                case "String":
                    Assert.Equal(expected, actual.GetString());
                    break;
                case "Integer":
                    Assert.Equal(long.Parse(expected, CultureInfo.InvariantCulture), actual.GetInt64());
                    break;
                case "Float":
                    Assert.Equal(double.Parse(expected, CultureInfo.InvariantCulture), actual.GetDouble());
                    break;
                case "Boolean":
                    Assert.Equal(bool.Parse(expected), actual.GetBoolean());
                    break;
                default:
                    throw new StepFailedException($"Unknown metadata type '{type}'.");
            }
        }
    }

    private Dictionary<string, JsonElement> Metadata()
    {
        var bytes = Result.MetadataUtf8Json;
        if (bytes.IsEmpty)
        {
            return [];
        }

        using var document = JsonDocument.Parse(bytes);
        return document.RootElement.EnumerateObject().ToDictionary(property => property.Name, property => property.Value.Clone(), StringComparer.Ordinal);
    }

    private static object? Typed(string type, string value) => type switch
    {
        "String" => value,
        "Integer" => long.Parse(value, CultureInfo.InvariantCulture),
        "Float" => double.Parse(value, CultureInfo.InvariantCulture),
        "Boolean" => bool.Parse(value),
        _ => throw new StepFailedException($"Unknown context value type '{type}'."),
    };

    /// <summary>Gherkin keeps <c>\"</c> in table cells literally; the object examples mean a plain quote.</summary>
    private static string Unescape(string text) => text.Replace("\\\"", "\"", StringComparison.Ordinal);

    private static T Required<T>(T? value, string what) where T : class =>
        value ?? throw new StepFailedException($"The scenario did not provide {what}.");

    [GeneratedRegex("^an option \"(.*)\" of type \"(.*)\" with value \"(.*)\"$")]
    private static partial Regex OptionStep();

    [GeneratedRegex("^a (Boolean|String|Integer|Float|Object)-flag with key \"(.*)\" and a (?:fallback|default) value \"(.*)\"$")]
    private static partial Regex FlagStep();

    [GeneratedRegex("^a context containing a targeting key with value \"(.*)\"$")]
    private static partial Regex TargetingKeyStep();

    [GeneratedRegex("^a context containing a key \"(.*)\", with type \"(.*)\" and with value \"(.*)\"$")]
    private static partial Regex TypedKeyStep();

    [GeneratedRegex("^a context containing a nested property with outer key \"(.*)\" and inner key \"(.*)\", with value \"(.*)\"$")]
    private static partial Regex NestedKeyStep();

    [GeneratedRegex("^the resolved details value should be \"(.*)\"$")]
    private static partial Regex ValueStep();

    [GeneratedRegex("^the reason should be \"(.*)\"$")]
    private static partial Regex ReasonStep();

    [GeneratedRegex("^the error-code should be \"(.*)\"$")]
    private static partial Regex ErrorCodeStep();
}

internal sealed class StepFailedException : Exception
{
    public StepFailedException(string message)
        : base(message)
    {
    }

    public StepFailedException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
