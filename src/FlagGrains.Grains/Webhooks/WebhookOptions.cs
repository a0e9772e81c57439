namespace FlagGrains.Grains.Webhooks;

/// <summary>Bound from <c>FlagGrains:Webhooks</c>: where webhooks may post and how deliveries are retried.</summary>
public sealed class WebhookOptions
{
    public const string Section = "FlagGrains:Webhooks";

    /// <summary>
    /// Host names, addresses or CIDR ranges a webhook may reach although they are loopback or private (e.g.
    /// <c>127.0.0.1</c>, <c>hooks.internal</c>, <c>10.20.0.0/16</c>). Everything else on such ranges is refused, at
    /// registration and again at every delivery, so a name that later resolves inside the network is still refused.
    /// </summary>
    public List<string> AllowedHosts { get; set; } = [];

    /// <summary>Delay after the first failed attempt; each further failure doubles it up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long a delivery is retried before it is marked failed.</summary>
    public TimeSpan RetryFor { get; set; } = TimeSpan.FromHours(24);

    /// <summary>One attempt's limit, connection and response included.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Period of the reminder that wakes a webhook with pending deliveries on whichever silo owns it, e.g. after the
    /// silo that was retrying died. Orleans' minimum reminder period is one minute unless the host lowers it.
    /// </summary>
    public TimeSpan ReminderPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Finished deliveries kept per webhook for the delivery log.</summary>
    public int DeliveryLogSize { get; set; } = 500;

    /// <summary>Pending deliveries per webhook; past this the oldest are marked failed rather than growing without bound.</summary>
    public int MaxPendingDeliveries { get; set; } = 10_000;

    public bool IsValid(out string problem)
    {
        problem = "";
        if (FirstRetryDelay <= TimeSpan.Zero || MaxRetryDelay < FirstRetryDelay) problem = "FirstRetryDelay must be positive and at most MaxRetryDelay.";
        else if (RetryFor <= TimeSpan.Zero || AttemptTimeout <= TimeSpan.Zero || ReminderPeriod <= TimeSpan.Zero) problem = "RetryFor, AttemptTimeout and ReminderPeriod must be positive.";
        else if (DeliveryLogSize < 1 || MaxPendingDeliveries < 1) problem = "DeliveryLogSize and MaxPendingDeliveries must be at least 1.";
        else if (AllowedHosts.FirstOrDefault(h => !WebhookDestinations.IsValidAllowEntry(h)) is { } bad) problem = $"AllowedHosts entry '{bad}' is not a host name, an address or a CIDR range.";
        return problem.Length == 0;
    }
}
