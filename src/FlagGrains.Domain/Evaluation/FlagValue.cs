using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace FlagGrains.Domain.Evaluation;

/// <summary>
/// A variant's value, pre-encoded as compact UTF-8 JSON at compile time so responses copy bytes.
/// Numbers are JSON numbers: a value is <see cref="FlagValueKind.Integer"/> when written without a
/// fraction or exponent and it fits in 64 bits, otherwise <see cref="FlagValueKind.Float"/>. Typed
/// accessors convert only when lossless (flagd's numeric-coercion ADR), so 10.0 is readable as 10.
/// </summary>
public sealed class FlagValue
{
    // Responses are application/json, never inlined into HTML, so HTML-sensitive characters need no escaping.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly JsonElement _element;
    private readonly long _integer;
    private readonly double _float;
    private readonly string? _string;

    private FlagValue(FlagValueKind kind, JsonElement element, byte[] utf8Json)
    {
        Kind = kind;
        _element = element;
        Utf8Json = utf8Json;
        switch (kind)
        {
            case FlagValueKind.Boolean:
                AsBoolean = element.GetBoolean();
                break;
            case FlagValueKind.String:
                _string = element.GetString();
                break;
            case FlagValueKind.Integer:
                _integer = element.GetInt64();
                _float = _integer;
                break;
            case FlagValueKind.Float:
                _float = double.Parse(element.GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture);
                break;
        }
    }

    public FlagValueKind Kind { get; }

    /// <summary>The value as compact UTF-8 JSON, e.g. <c>true</c>, <c>"red"</c>, <c>{"a":1}</c>.</summary>
    public ReadOnlyMemory<byte> Utf8Json { get; }

    /// <summary>The boolean value, or null when the value is not a boolean.</summary>
    public bool? AsBoolean { get; }

    /// <summary>The string value, or null when the value is not a string.</summary>
    public string? AsString => _string;

    /// <summary>The value as a 64-bit integer when that is lossless (whole-valued floats qualify), else null.</summary>
    public long? AsInt64 => Kind switch
    {
        FlagValueKind.Integer => _integer,
        FlagValueKind.Float when IsWholeInt64(_float) => (long)_float,
        _ => null,
    };

    /// <summary>The value as a 32-bit integer when that is lossless, else null.</summary>
    public int? AsInt32 => AsInt64 is { } value && value is >= int.MinValue and <= int.MaxValue ? (int)value : null;

    /// <summary>The numeric value as a double (integers are validated to be within ±(2^53−1)), else null.</summary>
    public double? AsDouble => Kind is FlagValueKind.Integer or FlagValueKind.Float ? _float : null;

    /// <summary>The value as a standalone <see cref="JsonElement"/> (safe to keep; not tied to any request).</summary>
    public JsonElement AsElement => _element;

    /// <summary>Builds a value from JSON (for instance a cached OFREP response). Null is not a value.</summary>
    public static FlagValue FromJsonElement(JsonElement value)
    {
        var kind = value.ValueKind switch
        {
            JsonValueKind.True or JsonValueKind.False => FlagValueKind.Boolean,
            JsonValueKind.String => FlagValueKind.String,
            JsonValueKind.Number => IsIntegerLiteral(value) ? FlagValueKind.Integer : FlagValueKind.Float,
            JsonValueKind.Object or JsonValueKind.Array => FlagValueKind.Object,
            _ => throw new ArgumentException($"A flag value cannot be JSON {value.ValueKind}.", nameof(value)),
        };

        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            value.WriteTo(writer);
        }

        var utf8 = buffer.WrittenSpan.ToArray();
        using var standalone = JsonDocument.Parse(utf8);
        return new FlagValue(kind, standalone.RootElement.Clone(), utf8);
    }

    /// <summary>
    /// Whether a caller asking for <paramref name="requested"/> can receive this value without loss;
    /// otherwise the evaluation is a TYPE_MISMATCH.
    /// </summary>
    public bool IsCompatibleWith(FlagValueKind requested) => requested switch
    {
        FlagValueKind.Integer => AsInt64 is not null,
        FlagValueKind.Float => Kind is FlagValueKind.Integer or FlagValueKind.Float,
        _ => Kind == requested,
    };

    public override string ToString() => Encoding.UTF8.GetString(Utf8Json.Span);

    internal static bool IsIntegerLiteral(JsonElement number) =>
        number.GetRawText().AsSpan().IndexOfAny(".eE") < 0 && number.TryGetInt64(out _);

    private static bool IsWholeInt64(double value) =>
        value == Math.Floor(value) && value >= -9.2233720368547758E18 && value < 9.2233720368547758E18;
}
