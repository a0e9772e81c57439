namespace FlagGrains.Grains.Webhooks;

/// <summary>
/// When a failed delivery is tried again: exponential backoff from <see cref="WebhookOptions.FirstRetryDelay"/>, capped
/// at <see cref="WebhookOptions.MaxRetryDelay"/>, spread by ±20 % per delivery so receivers that come back are not hit
/// by every retry at once, and never past the retry window.
/// </summary>
public static class RetrySchedule
{
    /// <summary>The next attempt after <paramref name="failures"/> failed ones (≥ 1), or null when the window is over.</summary>
    public static DateTimeOffset? NextAttempt(WebhookOptions options, int failures, DateTimeOffset windowStart, DateTimeOffset now, string deliveryId)
    {
        var exponent = Math.Min(failures - 1, 30);
        var delay = TimeSpan.FromTicks((long)Math.Min(options.MaxRetryDelay.Ticks, options.FirstRetryDelay.Ticks * Math.Pow(2, exponent)));
        delay = TimeSpan.FromTicks((long)(delay.Ticks * Spread(deliveryId, failures)));
        var next = now + delay;
        return next <= windowStart + options.RetryFor ? next : null;
    }

    /// <summary>A factor in [0.8, 1.2) fixed by the delivery and attempt, so the schedule is reproducible.</summary>
    internal static double Spread(string deliveryId, int failures)
    {
        var hash = 2166136261u;
        foreach (var c in deliveryId) hash = (hash * 31) + c;
        hash = (hash * 31) + (uint)failures;
        hash ^= hash >> 16;
        hash *= 0x45d9f3b;
        hash ^= hash >> 16;
        return 0.8 + (0.4 * (hash % 10_000) / 10_000.0);
    }
}
