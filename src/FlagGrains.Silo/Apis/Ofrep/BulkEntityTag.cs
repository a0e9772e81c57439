using System.Buffers;
using System.IO.Hashing;
using System.Text;
using FlagGrains.Serving.Snapshots;
using FlagGrains.Silo.Apis.Http;

namespace FlagGrains.Silo.Apis.Ofrep;

/// <summary>
/// Strong ETag of a bulk evaluation: environment version plus a digest of environment, advertised stream URL and
/// context, so any silo computes the same tag for the same answer and a device's conditional poll costs no
/// evaluation. The stream URL is part of the body (its credential changes per window), so it is part of the tag:
/// a 304 never confirms an expired stream URL.
/// The digest tells one device's contexts apart; it guards no secret (the answer is <c>private</c>, and a device only
/// ever presents its own tag with its own context), so a fast non-cryptographic 128-bit hash does: SHA-256 through
/// the platform's crypto library cost a few percent of a bulk request's CPU.
/// </summary>
public static class BulkEntityTag
{
    public static string Compute(ServingSnapshot snapshot, ReadOnlySpan<byte> rawContext, string? streamUrl = null)
    {
        var prefixBytes = Encoding.UTF8.GetMaxByteCount(snapshot.EnvironmentKey.Length + (streamUrl?.Length ?? 0) + 1);
        var rented = ArrayPool<byte>.Shared.Rent(prefixBytes + rawContext.Length);
        try
        {
            var written = Encoding.UTF8.GetBytes(snapshot.EnvironmentKey, rented);
            if (streamUrl is not null)
            {
                rented[written++] = 0;
                written += Encoding.UTF8.GetBytes(streamUrl, rented.AsSpan(written));
            }

            rawContext.CopyTo(rented.AsSpan(written));
            Span<byte> digest = stackalloc byte[16];
            XxHash128.Hash(rented.AsSpan(0, written + rawContext.Length), digest);
            return EntityTag.ForBulk(snapshot.Version, digest[..12]);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
