namespace FlagGrains.Mobile.Sync;

/// <summary>
/// Reconnect and retry delays: 1 s doubling to 30 s, each reduced by up to 50 % at random so devices that failed
/// together do not come back together.
/// </summary>
internal sealed class Backoff(Func<double> random)
{
    public static readonly TimeSpan Initial = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan Maximum = TimeSpan.FromSeconds(30);

    /// <summary>A stream that stayed up this long was healthy: its next failure starts from <see cref="Initial"/> again.</summary>
    public static readonly TimeSpan HealthyAfter = TimeSpan.FromSeconds(60);

    private int _attempt;

    public TimeSpan Next()
    {
        var ceiling = Math.Min(Maximum.TotalMilliseconds, Initial.TotalMilliseconds * Math.Pow(2, Math.Min(_attempt, 16)));
        _attempt++;
        return TimeSpan.FromMilliseconds(ceiling * (1 - (0.5 * random())));
    }

    public void Reset() => _attempt = 0;
}
