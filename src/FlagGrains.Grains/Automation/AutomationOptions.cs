namespace FlagGrains.Grains.Automation;

/// <summary>Bound from <c>FlagGrains:Automation</c>: how releases and scheduled changes wake up.</summary>
public sealed class AutomationOptions
{
    public const string Section = "FlagGrains:Automation";

    /// <summary>
    /// Service key of the clock releases and scheduled changes read. Unregistered, it is the silo's clock (Orleans
    /// resolves any key to the default TimeProvider); tests register a manual clock under it and deliver the reminder
    /// ticks themselves, leaving the reminder service on real time.
    /// </summary>
    public const string ClockKey = "FlagGrains.Automation";

    /// <summary>
    /// Period of the reminder that wakes a release or a scheduled change at its due time. It only ticks again when the
    /// first tick was missed (a silo died, a write failed), so after a failover the change happens within the
    /// membership's eviction time plus this period plus the write itself; half a second leaves room for the write
    /// within the promised second. Orleans warns about reminder periods under a minute; here the period is a retry
    /// interval while something is overdue, not a steady load.
    /// </summary>
    public TimeSpan RetryPeriod { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How often a running or paused release with guardrails reads the evaluation tallies.</summary>
    public TimeSpan GuardrailCheckInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Reminders may not tick faster than this (Orleans' own default is one minute).</summary>
    public static readonly TimeSpan MinimumPeriod = TimeSpan.FromMilliseconds(100);
}
