namespace FlagGrains.Silo.Apis.Ofrep;

/// <summary>Bound from <c>FlagGrains:Ofrep</c>: HTTP caching and cross-origin access of the OFREP endpoints.</summary>
public sealed class OfrepHttpOptions
{
    public const string Section = "FlagGrains:Ofrep";

    /// <summary>
    /// <c>Cache-Control</c> of bulk evaluations (200 and 304). <c>private</c> because the answer depends on the key and
    /// on the context in the POST body, neither of which a shared cache can key on; see docs/cdn.md.
    /// </summary>
    public string BulkCacheControl { get; set; } = "private, max-age=5";

    /// <summary>
    /// Origins whose browser code may call OFREP (and open event streams) cross-origin, e.g.
    /// <c>https://app.example.com</c>. Empty (default): no cross-origin access. <c>*</c>: any origin, which is safe
    /// because keys travel in headers, never cookies.
    /// </summary>
    public string[] AllowedOrigins { get; set; } = [];

    /// <summary>How long browsers may cache a preflight answer.</summary>
    public TimeSpan PreflightMaxAge { get; set; } = TimeSpan.FromMinutes(10);
}
