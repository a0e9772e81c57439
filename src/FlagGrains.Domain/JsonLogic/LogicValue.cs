namespace FlagGrains.Domain.JsonLogic;

/// <summary>
/// An immutable JSON value as seen by compiled rules. A struct so that evaluating rules over
/// scalars (the common case) never allocates; arrays and objects are shared references.
/// </summary>
internal readonly struct LogicValue
{
    private readonly object? _reference;
    private readonly double _number;

    private LogicValue(LogicValueKind kind, double number, object? reference)
    {
        Kind = kind;
        _number = number;
        _reference = reference;
    }

    public static LogicValue Null => default;

    public static LogicValue True { get; } = new(LogicValueKind.Boolean, 1, null);

    public static LogicValue False { get; } = new(LogicValueKind.Boolean, 0, null);

    public static LogicValue EmptyString { get; } = new(LogicValueKind.String, 0, string.Empty);

    public static LogicValue EmptyArray { get; } = new(LogicValueKind.Array, 0, Array.Empty<LogicValue>());

    public LogicValueKind Kind { get; }

    public bool IsNull => Kind == LogicValueKind.Null;

    public bool AsBoolean => _number != 0;

    public double AsNumber => _number;

    public string AsString => (string)_reference!;

    public LogicValue[] AsArray => (LogicValue[])_reference!;

    public LogicObject AsObject => (LogicObject)_reference!;

    public static LogicValue FromBoolean(bool value) => value ? True : False;

    public static LogicValue FromNumber(double value) => new(LogicValueKind.Number, value, null);

    public static LogicValue FromString(string? value) =>
        value is null ? Null : new(LogicValueKind.String, 0, value);

    public static LogicValue FromArray(LogicValue[] items) => new(LogicValueKind.Array, 0, items);

    public static LogicValue FromObject(LogicObject value) => new(LogicValueKind.Object, 0, value);

    public bool TryGetString(out string value)
    {
        if (Kind == LogicValueKind.String)
        {
            value = (string)_reference!;
            return true;
        }

        value = string.Empty;
        return false;
    }

    public override string ToString() => JsConversions.ToJsString(this);
}
