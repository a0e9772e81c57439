using System.Globalization;
using FlagGrains.Mobile.Transport;

namespace FlagGrains.Mobile.Sync;

/// <summary>
/// Keeps what a device serves from moving back a version. Devices hop silos behind a load balancer and silos can be a
/// few milliseconds apart, so a 200 for the context already served may carry an older environment version (our ETags
/// start with it) than the values held. Such an answer is set aside and asked again with the held version as the
/// re-fetch hint, which makes a silo wait (bounded) until it serves it; if the answer is older a second time, the
/// cluster really is there (a partitioned silo, a restored backup) and it wins. Also the source of If-None-Match.
/// Used by the sync loop only.
/// </summary>
internal sealed class VersionGate
{
    private string? _etag;
    private string? _fingerprint;

    /// <summary>The held ETag when it is for this context, for a conditional request; otherwise null.</summary>
    public string? ETagFor(string fingerprint) => _fingerprint == fingerprint ? _etag : null;

    /// <summary>The values served from now on were answered (or cached) with this ETag for this context.</summary>
    public void Hold(string? etag, string fingerprint)
    {
        _etag = etag;
        _fingerprint = fingerprint;
    }

    /// <summary>
    /// Null when an answer (<paramref name="answered"/>, for <paramref name="fingerprint"/>, to a request that carried
    /// <paramref name="askedWith"/>) may be served; otherwise the hint to ask again with.
    /// </summary>
    public RefetchMetadata? SetAside(string fingerprint, string? answered, RefetchMetadata? askedWith)
    {
        if (_fingerprint != fingerprint
            || !EntityTagVersion.TryRead(_etag, out var held)
            || !EntityTagVersion.TryRead(answered, out var version)
            || version >= held)
        {
            return null;
        }

        var hint = "\"v" + held.ToString(CultureInfo.InvariantCulture) + "\"";
        return askedWith?.FlagConfigEtag == hint ? null : new RefetchMetadata(hint, null);
    }
}
