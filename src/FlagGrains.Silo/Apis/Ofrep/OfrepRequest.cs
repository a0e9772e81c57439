using System.Runtime.InteropServices;
using System.Text.Json;
using FlagGrains.Domain.Evaluation;
using FlagGrains.Silo.Access;
using FlagGrains.Silo.Apis.Http;

namespace FlagGrains.Silo.Apis.Ofrep;

/// <summary>
/// An authenticated, parsed OFREP request. <see cref="ReadAsync"/> answers the failure itself (401, 413, 400) and
/// returns null, so endpoints only handle the success path.
/// </summary>
public sealed class OfrepRequest : IDisposable
{
    private readonly RequestBody? _body;
    private readonly JsonDocument? _document;

    private readonly JsonElement? _contextElement;
    private EvaluationContext? _context;

    private OfrepRequest(KeyCredential access, CompiledFlagSet flags, RequestBody? body, JsonDocument? document, JsonElement? context, ReadOnlyMemory<byte> rawContext)
    {
        Access = access;
        Flags = flags;
        _body = body;
        _document = document;
        _contextElement = context;
        RawContext = rawContext;
    }

    /// <summary>The verified key and the snapshot it was verified against (the one this request answers from).</summary>
    public KeyCredential Access { get; }

    public CompiledFlagSet Flags { get; }

    /// <summary>
    /// Built on first use: a bulk revalidation answered 304 needs only <see cref="RawContext"/> for its ETag, so it never
    /// turns the attributes into strings and objects. The limits were checked when the request was read.
    /// </summary>
    public EvaluationContext Context => _context ??= _contextElement is { } element ? EvaluationContext.FromJson(element) : EvaluationContext.Empty;

    /// <summary>The context exactly as sent; part of the bulk ETag.</summary>
    public ReadOnlyMemory<byte> RawContext { get; }

    /// <param name="flagKey">The single flag asked for, named in a 400 answer; null for bulk.</param>
    public static async ValueTask<OfrepRequest?> ReadAsync(
        HttpContext http, EnvironmentKeyAuthenticator authenticator, EvaluationLimits limits, JsonDocumentOptions parsing, string? flagKey = null)
    {
        var access = await authenticator.AuthenticateAsync(http);
        if (access is not { Snapshot.Flags: { } flags })
        {
            http.Response.Headers.WWWAuthenticate = "Bearer";
            await Problems.Unauthorized("A valid client or server key is required: Authorization: Bearer <key>.").ExecuteAsync(http);
            return null;
        }

        var body = await RequestBody.ReadAsync(http.Request, limits.MaxBodyBytes, http.RequestAborted);
        if (body is null)
        {
            await Problems.PayloadTooLarge($"An evaluation request may be at most {limits.MaxBodyBytes} bytes (limit MaxBodyBytes).").ExecuteAsync(http);
            return null;
        }

        if (body.Length == 0)
        {
            // flagd accepts a bare POST as "no context"; so do we.
            return new OfrepRequest(access, flags, body, null, null, ReadOnlyMemory<byte>.Empty);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body.Memory, parsing);
        }
        catch (JsonException ex)
        {
            body.Dispose();
            var reason = ex.Message.Contains("uplicate", StringComparison.Ordinal)
                ? "Request body has a duplicate JSON property; each attribute may appear once."
                : $"Request body is not valid JSON ({ex.Message.Split('.')[0]}).";
            await OfrepWriter.WriteRequestErrorAsync(http, "INVALID_CONTEXT", reason, flagKey);
            return null;
        }

        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object || (root.TryGetProperty("context", out var context) && context.ValueKind != JsonValueKind.Object))
        {
            document.Dispose();
            body.Dispose();
            await OfrepWriter.WriteRequestErrorAsync(http, "INVALID_CONTEXT", "Request body must be {\"context\": {...}} with an object as context.", flagKey);
            return null;
        }

        if (!root.TryGetProperty("context", out context))
            return new OfrepRequest(access, flags, body, document, null, ReadOnlyMemory<byte>.Empty);

        if (ContextLimitCheck.FirstViolation(context, limits) is { } violation)
        {
            document.Dispose();
            body.Dispose();
            await OfrepWriter.WriteRequestErrorAsync(http, "INVALID_CONTEXT", violation, flagKey);
            return null;
        }

        var raw = JsonMarshal.GetRawUtf8Value(context);
        var offset = (int)OffsetOf(body.Memory.Span, raw);
        return new OfrepRequest(access, flags, body, document, context, body.Memory.Slice(offset, raw.Length));
    }

    /// <summary>The raw context is a slice of the body buffer; find where, so it can outlive this stack frame.</summary>
    private static long OffsetOf(ReadOnlySpan<byte> whole, ReadOnlySpan<byte> part)
    {
        if (whole.Overlaps(part, out var offset)) return offset;
        throw new InvalidOperationException("Context is not inside the request body.");
    }

    public void Dispose()
    {
        _document?.Dispose();
        _body?.Dispose();
    }
}
