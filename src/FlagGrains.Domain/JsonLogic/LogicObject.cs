namespace FlagGrains.Domain.JsonLogic;

/// <summary>A read-only JSON object used both for evaluation contexts and for object literals in rules.</summary>
internal sealed class LogicObject
{
    private readonly Dictionary<string, LogicValue> _properties;

    public LogicObject(Dictionary<string, LogicValue> properties)
    {
        _properties = properties;
    }

    public static LogicObject Empty { get; } = new(new Dictionary<string, LogicValue>(StringComparer.Ordinal));

    public int Count => _properties.Count;

    public IEnumerable<KeyValuePair<string, LogicValue>> Properties => _properties;

    public bool TryGetValue(string key, out LogicValue value) => _properties.TryGetValue(key, out value);
}
