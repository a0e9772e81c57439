using System.Text;
using System.Text.Json;
using FlagGrains.Domain.JsonLogic;

namespace FlagGrains.Domain.Evaluation;

/// <summary>
/// The caller's evaluation context (targetingKey plus attributes). Converted once into an immutable
/// tree so that evaluating many flags against it reads no JSON and allocates nothing.
/// </summary>
public sealed class EvaluationContext
{
    internal const string TargetingKeyProperty = "targetingKey";

    private EvaluationContext(LogicObject root)
    {
        Root = root;
        TargetingKey = root.TryGetValue(TargetingKeyProperty, out var key) && key.TryGetString(out var text) ? text : null;

        // Encoded once per context: a bulk request hashes it for every fractional flag.
        TargetingKeyUtf8 = TargetingKey is null ? null : Encoding.UTF8.GetBytes(TargetingKey);
    }

    /// <summary>A context with no attributes and no targeting key.</summary>
    public static EvaluationContext Empty { get; } = new(LogicObject.Empty);

    /// <summary>The targeting key, when the context holds a string <c>targetingKey</c>.</summary>
    public string? TargetingKey { get; }

    internal LogicObject Root { get; }

    internal byte[]? TargetingKeyUtf8 { get; }

    /// <summary>
    /// From the OFREP <c>context</c> object. The element is copied, so it need not outlive this call.
    /// Throws <see cref="ArgumentException"/> unless it is a JSON object (see <see cref="TryFromJson"/>).
    /// </summary>
    public static EvaluationContext FromJson(JsonElement context) =>
        TryFromJson(context, out var result, out var error) ? result : throw new ArgumentException(error, nameof(context));

    /// <summary>Like <see cref="FromJson"/> but reports an unusable context (not an object, too deep) instead of throwing.</summary>
    public static bool TryFromJson(JsonElement context, out EvaluationContext result, out string? error)
    {
        result = Empty;
        if (context.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            error = null;
            return true;
        }

        if (context.ValueKind != JsonValueKind.Object)
        {
            error = $"The evaluation context must be a JSON object, not {context.ValueKind}.";
            return false;
        }

        try
        {
            result = new EvaluationContext(LogicValueConverter.FromElement(context).AsObject);
            error = null;
            return true;
        }
        catch (ArgumentException exception)
        {
            error = exception.Message;
            return false;
        }
    }

    /// <summary>
    /// From in-process attribute values (string, bool, numbers, null, DateTime(Offset), lists, dictionaries,
    /// JsonElement). A non-null <paramref name="targetingKey"/> overrides any <c>targetingKey</c> attribute.
    /// </summary>
    public static EvaluationContext FromValues(string? targetingKey, IReadOnlyDictionary<string, object?> attributes)
    {
        ArgumentNullException.ThrowIfNull(attributes);

        // Built without LINQ: no garbage between the pieces of a context, so contexts built in a row stay
        // packed in memory whether or not the GC compacts them (it showed in evaluations over 100k users).
        var builder = new LogicObject.Builder(attributes.Count + (targetingKey is null ? 0 : 1));
        if (attributes.Count > 0)
        {
            foreach (var (key, value) in attributes)
            {
                if (targetingKey is null || key != TargetingKeyProperty)
                {
                    builder.Add(key, LogicValueConverter.FromObject(value, 1));
                }
            }
        }

        if (targetingKey is not null)
        {
            builder.Add(TargetingKeyProperty, LogicValue.FromString(targetingKey));
        }

        return new EvaluationContext(builder.Build());
    }
}
