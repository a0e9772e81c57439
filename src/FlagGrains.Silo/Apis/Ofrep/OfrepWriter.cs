using System.Text.Json;
using FlagGrains.Domain.Evaluation;
using FlagGrains.Silo.Apis.Streams;

namespace FlagGrains.Silo.Apis.Ofrep;

/// <summary>
/// Writes OFREP bodies straight into the response pipe. Values and metadata were encoded when the snapshot was
/// compiled, so a response is mostly byte copies.
/// </summary>
public static class OfrepWriter
{
    private const string FlagNotFound = "FLAG_NOT_FOUND";

    public static async Task WriteSingleAsync(HttpResponse response, EvaluationResult result)
    {
        response.StatusCode = result.ErrorCode switch
        {
            null => StatusCodes.Status200OK,
            FlagNotFound => StatusCodes.Status404NotFound,
            _ => StatusCodes.Status400BadRequest,
        };
        response.ContentType = "application/json";
        await using (var writer = new Utf8JsonWriter(response.BodyWriter))
        {
            WriteEvaluation(writer, result);
        }

        await response.BodyWriter.FlushAsync();
    }

    public static async Task WriteBulkAsync(HttpResponse response, CompiledFlagSet flags, EvaluationContext context, EventStreamLink? stream = null)
    {
        response.ContentType = "application/json";
        await using (var writer = new Utf8JsonWriter(response.BodyWriter))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("flags"u8);
            foreach (var key in flags.FlagKeys)
            {
                WriteEvaluation(writer, flags.Evaluate(key, context));
            }

            writer.WriteEndArray();
            if (stream is not null) WriteEventStreams(writer, stream);
            if (!flags.MetadataUtf8Json.IsEmpty)
            {
                writer.WritePropertyName("metadata"u8);
                writer.WriteRawValue(flags.MetadataUtf8Json.Span, skipInputValidation: true);
            }

            writer.WriteEndObject();
        }

        await response.BodyWriter.FlushAsync();
    }

    /// <summary>A whole-request failure (bad context): OFREP's <c>bulkEvaluationFailure</c> / <c>evaluationFailure</c> shape.</summary>
    public static async Task WriteRequestErrorAsync(HttpContext http, string errorCode, string details)
    {
        // Both shapes at once: OFREP clients read errorCode/errorDetails, everything else reads RFC 9457.
        http.Response.StatusCode = StatusCodes.Status400BadRequest;
        http.Response.ContentType = "application/problem+json";
        await using (var writer = new Utf8JsonWriter(http.Response.BodyWriter))
        {
            writer.WriteStartObject();
            writer.WriteString("type"u8, "https://tools.ietf.org/html/rfc9110#section-15.5.1");
            writer.WriteString("title"u8, "Invalid evaluation request");
            writer.WriteNumber("status"u8, StatusCodes.Status400BadRequest);
            writer.WriteString("detail"u8, details);
            if (http.Request.RouteValues["key"] is string key) writer.WriteString("key"u8, key);
            writer.WriteString("errorCode"u8, errorCode);
            writer.WriteString("errorDetails"u8, details);
            writer.WriteEndObject();
        }

        await http.Response.BodyWriter.FlushAsync();
    }

    /// <summary>OFREP ADR-0008: where to hear about changes instead of polling.</summary>
    private static void WriteEventStreams(Utf8JsonWriter writer, EventStreamLink stream)
    {
        writer.WriteStartArray("eventStreams"u8);
        writer.WriteStartObject();
        writer.WriteString("type"u8, "sse"u8);
        writer.WriteString("url"u8, stream.Url);
        writer.WriteNumber("inactivityDelaySec"u8, stream.InactivityDelaySec);
        writer.WriteEndObject();
        writer.WriteEndArray();
    }

    private static void WriteEvaluation(Utf8JsonWriter writer, in EvaluationResult result)
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
