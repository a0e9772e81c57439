using System.Buffers;
using System.Text.Json;
using FlagGrains.Domain.Evaluation;
using FlagGrains.Serving.Tallies;
using FlagGrains.Silo.Apis.Streams;

namespace FlagGrains.Silo.Apis.Ofrep;

/// <summary>
/// Writes OFREP bodies straight into the response pipe. Values and metadata were encoded when the snapshot was
/// compiled, so a response is mostly byte copies.
/// </summary>
public static class OfrepWriter
{
    private const string FlagNotFound = "FLAG_NOT_FOUND";

    public static Task WriteSingleAsync(HttpResponse response, EvaluationResult result)
    {
        response.StatusCode = result.ErrorCode switch
        {
            null => StatusCodes.Status200OK,
            FlagNotFound => StatusCodes.Status404NotFound,
            _ => StatusCodes.Status400BadRequest,
        };
        return WriteJsonAsync(response, result.EncodeOnce(OfrepResultEncoder.Instance));
    }

    /// <summary>Every flag of the set, counted into <paramref name="usage"/> by position (no lookup per flag).</summary>
    public static async Task WriteBulkAsync(HttpResponse response, CompiledFlagSet flags, EvaluationContext context, EventStreamLink? stream = null, EvaluationTally? usage = null)
    {
        var count = flags.FlagKeys.Count;
        var results = ArrayPool<EvaluationResult>.Shared.Rent(count);
        var fragments = ArrayPool<byte[]>.Shared.Rent(count);
        byte[]? body = null;
        try
        {
            flags.EvaluateAll(context, results);
            usage?.RecordAll(results.AsSpan(0, count));
            var length = "{\"flags\":[]}"u8.Length + Math.Max(0, count - 1);
            for (var i = 0; i < count; i++)
            {
                fragments[i] = results[i].EncodeOnce(OfrepResultEncoder.Instance);
                length += fragments[i].Length;
            }

            var metadata = flags.MetadataUtf8Json.Span;
            if (stream is not null) length += 1 + stream.EventStreamsProperty.Length;
            if (!metadata.IsEmpty) length += ",\"metadata\":"u8.Length + metadata.Length;

            // Assembled in one buffer so the answer goes out with a Content-Length in one write, not chunked.
            body = ArrayPool<byte>.Shared.Rent(length);
            var output = new SpanWriter(body);
            output.Append("{\"flags\":["u8);
            for (var i = 0; i < count; i++)
            {
                if (i > 0) output.Append(","u8);
                output.Append(fragments[i]);
            }

            output.Append("]"u8);
            if (stream is not null)
            {
                output.Append(","u8);
                output.Append(stream.EventStreamsProperty);
            }

            if (!metadata.IsEmpty)
            {
                output.Append(",\"metadata\":"u8);
                output.Append(metadata);
            }

            output.Append("}"u8);
            await WriteJsonAsync(response, body.AsMemory(0, output.Written));
        }
        finally
        {
            ArrayPool<EvaluationResult>.Shared.Return(results, clearArray: true);
            ArrayPool<byte[]>.Shared.Return(fragments, clearArray: true);
            if (body is not null) ArrayPool<byte>.Shared.Return(body);
        }
    }

    private static Task WriteJsonAsync(HttpResponse response, ReadOnlyMemory<byte> body)
    {
        response.ContentType = "application/json";
        response.ContentLength = body.Length;
        var writing = response.BodyWriter.WriteAsync(body);
        return writing.IsCompletedSuccessfully ? Task.CompletedTask : writing.AsTask();
    }

    private ref struct SpanWriter(Span<byte> destination)
    {
        private readonly Span<byte> _destination = destination;

        public int Written { get; private set; }

        public void Append(ReadOnlySpan<byte> bytes)
        {
            bytes.CopyTo(_destination[Written..]);
            Written += bytes.Length;
        }
    }

    /// <summary>A whole-request failure (bad context): OFREP's <c>bulkEvaluationFailure</c> / <c>evaluationFailure</c> shape.</summary>
    public static async Task WriteRequestErrorAsync(HttpContext http, string errorCode, string details, string? flagKey)
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
            if (flagKey is not null) writer.WriteString("key"u8, flagKey);
            writer.WriteString("errorCode"u8, errorCode);
            writer.WriteString("errorDetails"u8, details);
            writer.WriteEndObject();
        }

        await http.Response.BodyWriter.FlushAsync();
    }
}
