namespace FlagGrains.Mobile;

/// <summary>Collects attributes for an <see cref="EvaluationContext"/>.</summary>
public sealed class EvaluationContextBuilder
{
    private readonly string? _targetingKey;
    private readonly Dictionary<string, object?> _attributes = new(StringComparer.Ordinal);

    internal EvaluationContextBuilder(string? targetingKey) => _targetingKey = targetingKey;

    /// <summary>Adds or replaces an attribute: string, bool, number, date, list or string-keyed dictionary.</summary>
    public EvaluationContextBuilder With(string key, object? value)
    {
        _attributes[key] = value;
        return this;
    }

    public EvaluationContext Build() => new(_targetingKey, _attributes);
}
