using Microsoft.Net.Http.Headers;

namespace FlagGrains.Silo.Apis.Ofrep;

/// <summary>Validators and caching headers a bulk evaluation carries on 200 and 304 alike (RFC 9110 §15.4.5).</summary>
public static class OfrepCacheHeaders
{
    /// <summary>
    /// The answer depends on the presented key (its environment) and on the encoding; the context is in the body,
    /// which no header can name, hence <c>private</c> in the default Cache-Control.
    /// </summary>
    public const string Vary = "Authorization, X-API-Key, Accept-Encoding";

    public static void Apply(HttpResponse response, string etag, string cacheControl)
    {
        response.Headers.ETag = etag;
        response.Headers.CacheControl = cacheControl;
        response.Headers[HeaderNames.Vary] = Vary;
    }
}
