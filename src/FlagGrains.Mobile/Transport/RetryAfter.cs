using System.Net.Http.Headers;

namespace FlagGrains.Mobile.Transport;

/// <summary>Reads Retry-After in either form (seconds or an HTTP date), relative to the client's clock.</summary>
internal static class RetryAfter
{
    private static readonly TimeSpan Longest = TimeSpan.FromHours(1);

    public static TimeSpan? Read(HttpResponseHeaders headers, DateTimeOffset now)
    {
        var header = headers.RetryAfter;
        var wait = header?.Delta ?? (header?.Date is { } date ? date - now : null);
        if (wait is not { } value) return null;
        if (value < TimeSpan.Zero) return TimeSpan.Zero;

        // A misconfigured proxy must not silence a device for days.
        return value > Longest ? Longest : value;
    }
}
