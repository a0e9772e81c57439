using System.Text;
using FlagGrains.Silo.Apis.Http;

namespace FlagGrains.Silo.Apis.Admin;

/// <summary>Reads an admin request body as strict UTF-8 text within a size limit.</summary>
public static class Utf8Body
{
    private static readonly UTF8Encoding Strict = new(false, throwOnInvalidBytes: true);

    /// <summary>The text, or a problem result (413 too large, 400 not UTF-8).</summary>
    public static async Task<(string? Text, IResult? Problem)> ReadAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        using var body = await RequestBody.ReadAsync(request, limit, cancellationToken);
        if (body is null) return (null, Problems.PayloadTooLarge($"The body may be at most {limit} bytes."));
        try
        {
            return (Strict.GetString(body.Memory.Span), null);
        }
        catch (DecoderFallbackException)
        {
            return (null, Problems.BadRequest("Invalid encoding", "The body must be UTF-8 encoded JSON."));
        }
    }
}
