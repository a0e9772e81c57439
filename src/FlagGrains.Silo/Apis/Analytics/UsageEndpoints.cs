using System.Globalization;
using FlagGrains.Contracts;
using FlagGrains.Contracts.Analytics;
using FlagGrains.Contracts.Environments;
using FlagGrains.Domain.Model;
using FlagGrains.Grains.Analytics;
using FlagGrains.Silo.Apis.Http;
using Microsoft.Extensions.Options;

namespace FlagGrains.Silo.Apis.Analytics;

/// <summary>
/// Evaluation usage of an environment: counts per flag, variant and UTC hour, and the flags nobody evaluates any more.
/// Counts reach the usage grain when gateways flush (<c>FlagGrains:Analytics:FlushInterval</c>), so they trail traffic
/// by up to that interval.
/// </summary>
public static class UsageEndpoints
{
    private static readonly TimeSpan DefaultWindow = TimeSpan.FromHours(24);

    public static async Task<IResult> ReadAsync(string project, string environment, string? from, string? to,
        IGrainFactory grains, TimeProvider clock, IOptions<AnalyticsOptions> options)
    {
        var now = clock.GetUtcNow();
        if (!TryParseTime(to, now, out var end)) return BadTime("to");
        if (!TryParseTime(from, end - DefaultWindow, out var start)) return BadTime("from");
        if (start >= end) return Problems.BadRequest("Invalid time range", "from must be earlier than to.");
        var longest = options.Value.Retention + TimeSpan.FromDays(1);
        if (end - start > longest)
            return Problems.BadRequest("Invalid time range", $"The range may span at most {longest.TotalDays:0} days (the retention plus one day).");

        var environmentKey = GrainKeys.Environment(project, environment);
        if (await grains.GetGrain<IEnvironmentGrain>(environmentKey).GetVersionAsync() == 0)
            return Problems.NotFound($"Environment '{environmentKey}' does not exist.");

        var report = await grains.GetGrain<IFlagUsageGrain>(environmentKey).ReadAsync(start, end);
        return TypedResults.Ok(new
        {
            from = start,
            to = end,
            flags = report.Flags.Select(flag => new
            {
                key = flag.FlagKey,
                lastEvaluated = flag.LastEvaluated,
                total = flag.Hours.Sum(h => h.Count),
                variants = flag.Hours.GroupBy(h => h.Variant).Select(v => new { variant = v.Key, count = v.Sum(h => h.Count) }),
                hours = flag.Hours.Select(h => new { hour = h.Hour, variant = h.Variant, count = h.Count }),
            }),
        });
    }

    public static async Task<IResult> StaleAsync(string project, string environment, string? days,
        IGrainFactory grains, TimeProvider clock, IOptions<AnalyticsOptions> options)
    {
        int staleDays;
        if (days is null)
        {
            staleDays = Math.Max(1, (int)Math.Round(options.Value.StaleAfter.TotalDays));
        }
        else if (!int.TryParse(days, NumberStyles.None, CultureInfo.InvariantCulture, out staleDays) || staleDays is < 1 or > 3650)
        {
            return Problems.BadRequest("Invalid days", "days must be a whole number of days between 1 and 3650.");
        }

        var environmentKey = GrainKeys.Environment(project, environment);
        if (await grains.GetGrain<IEnvironmentGrain>(environmentKey).GetFlagSetAsync() is not { } flagSet)
            return Problems.NotFound($"Environment '{environmentKey}' does not exist.");

        var now = clock.GetUtcNow();
        var cutoff = now.AddDays(-staleDays);
        var usage = await grains.GetGrain<IFlagUsageGrain>(environmentKey).ReadAsync(now, now);
        var lastEvaluated = usage.Flags.ToDictionary(f => f.FlagKey, f => f.LastEvaluated, StringComparer.Ordinal);
        var flagKeys = FlagSetDocument.Parse(flagSet.DocumentJson).Document?.FlagKeys ?? [];
        return TypedResults.Ok(new
        {
            staleAfterDays = staleDays,
            asOf = now,
            flags = flagKeys
                .Select(key => (key, last: lastEvaluated.TryGetValue(key, out var at) ? at : (DateTimeOffset?)null))
                .Where(f => f.last is null || f.last < cutoff)
                .Select(f => new { key = f.key, lastEvaluated = f.last }),
        });
    }

    private static bool TryParseTime(string? text, DateTimeOffset fallback, out DateTimeOffset value)
    {
        value = fallback;
        return text is null || DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out value);
    }

    private static IResult BadTime(string name) =>
        Problems.BadRequest($"Invalid {name}", $"{name} must be an ISO 8601 time such as 2026-01-31T10:00:00Z.");
}
