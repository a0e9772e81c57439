using System.Buffers;
using System.Text.Json;
using FlagGrains.Domain.Evaluation;

namespace FlagGrains.Silo.Apis.Ofrep;

/// <summary>
/// One OFREP evaluation object (<c>{"key":…,"value":…,"reason":…,"variant":…,"metadata":…}</c>). The engine memoizes
/// these bytes per resolution, so this runs once per flag and variant, not once per request.
/// </summary>
public sealed class OfrepResultEncoder : IEvaluationResultEncoder
{
    public static OfrepResultEncoder Instance { get; } = new();

    private OfrepResultEncoder()
    {
    }

    public byte[] Encode(in EvaluationResult result)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, result);
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void Write(Utf8JsonWriter writer, in EvaluationResult result)
    {
        writer.WriteStartObject();
        writer.WriteString("key"u8, result.FlagKey);
        if (result.ErrorCode is { } errorCode)
        {
            writer.WriteString("errorCode"u8, errorCode);
            writer.WriteString("errorDetails"u8, result.ErrorMessage ?? errorCode);
        }
        else
        {
            // An absent value tells the client to use its code default (flagd ADR "support code default").
            if (result.Value is { } value)
            {
                writer.WritePropertyName("value"u8);
                writer.WriteRawValue(value.Utf8Json.Span, skipInputValidation: true);
            }

            writer.WriteString("reason"u8, result.Reason);
            if (result.Variant is { } variant) writer.WriteString("variant"u8, variant);
        }

        if (!result.MetadataUtf8Json.IsEmpty)
        {
            writer.WritePropertyName("metadata"u8);
            writer.WriteRawValue(result.MetadataUtf8Json.Span, skipInputValidation: true);
        }

        writer.WriteEndObject();
    }
}
