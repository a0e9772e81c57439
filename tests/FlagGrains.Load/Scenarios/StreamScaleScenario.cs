using System.Diagnostics;
using System.Globalization;

namespace FlagGrains.Load.Scenarios;

/// <summary>
/// As many concurrent event streams on one silo as the box allows, how fast the silo accepts them, and its memory
/// per stream: resident set before and after opening them (what the OS holds), and live managed bytes after an induced
/// full GC before and after (what the streams' objects hold), each divided by the count. One write at the end proves the streams are live, not just open sockets.
/// </summary>
public static class StreamScaleScenario
{
    private static readonly TimeSpan HeapReadTimeout = TimeSpan.FromSeconds(60);

    public static async Task<int> RunAsync(CommandLine options)
    {
        var silo = options.Text("silo");
        var pid = options.Number("pid", 0);
        var asked = options.Number("clients", 50_000);

        // Each stream is a descriptor here and one in the silo. Running out of them mid-batch makes the runtime
        // abort ("Out of memory"), so stop short of this process's limit and say that the limit is what bound it.
        var descriptors = OpenFileLimit();
        var wanted = Math.Min(asked, descriptors - 500);
        var bound = wanted < asked ? $"open-file limit {descriptors} per process (ulimit -Hn)" : null;
        using var admin = new AdminClient(options.Text("admin", silo), options.Text("token"));
        using var probe = new OfrepProbe(silo, options.Text("key"));
        var streamUrl = await probe.EventStreamUrlAsync();

        await using var fleet = new StreamFleet();
        await fleet.OpenAsync(streamUrl, 200, options.Number("sources", 16)); // warm the path before the baseline reading
        var current = await probe.ServedVersionAsync();
        await fleet.WaitForVersionAsync(current, TimeSpan.FromSeconds(30));
        var heapBefore = ManagedHeap.LiveBytesAfterFullGc(pid, HeapReadTimeout);
        var before = ResidentKilobytes(pid);

        // A stream counts as accepted when its first event (the current version, sent on connect) arrived: the silo
        // has authenticated it, registered it and written to it. The rate is a floor, since this process opening and
        // reading the sockets shares the box's cores with the silo.
        var opening = Stopwatch.StartNew();
        var error = await fleet.OpenAsync(streamUrl, wanted, options.Number("sources", 16));
        var open = await fleet.WaitForVersionAsync(current, TimeSpan.FromSeconds(60));
        var acceptedPerSecond = (open - 200) / opening.Elapsed.TotalSeconds;
        var after = ResidentKilobytes(pid);
        var heapAfter = ManagedHeap.LiveBytesAfterFullGc(pid, HeapReadTimeout);
        var added = Math.Max(1, fleet.Connections.Count - 200);
        var perStream = (after - before) * 1024.0 / added;
        var managedPerStream = heapBefore < 0 || heapAfter < 0 ? double.NaN : (heapAfter - heapBefore) / (double)added;

        var version = await admin.PutFlagAsync("bench", "prod", "bench-flag-47", """{"state":"ENABLED","variants":{"on":true,"off":false},"defaultVariant":"off"}""");
        var notified = await fleet.WaitForVersionAsync(version, TimeSpan.FromSeconds(30));

        error ??= bound;
        Console.WriteLine($"streams open {open} (asked {asked}){(error is null ? "" : $", stopped by: {error}")}; accepted {acceptedPerSecond:F0}/s; silo RSS {before / 1024} → {after / 1024} MB, {perStream / 1024:F1} KB per stream; managed heap {heapBefore / 1024 / 1024} → {heapAfter / 1024 / 1024} MB, {managedPerStream / 1024:F1} KB per stream; {notified} notified of one write");
        Console.WriteLine(string.Join('\t', "RESULT", "streams",
            $"open={open}", $"notified={notified}",
            string.Create(CultureInfo.InvariantCulture, $"kb_per_stream={perStream / 1024:F1}"),
            string.Create(CultureInfo.InvariantCulture, $"managed_kb_per_stream={managedPerStream / 1024:F1}"),
            string.Create(CultureInfo.InvariantCulture, $"accepted_per_s={acceptedPerSecond:F0}"),
            $"rss_mb={after / 1024}", $"limit={(error ?? "none").Replace('\t', ' ')}"));

        // Keeps the streams open for a heap dump or counters (e.g. dotnet-gcdump collect -p <silo pid>).
        await Task.Delay(TimeSpan.FromSeconds(options.Number("hold-seconds", 0)));
        return 0;
    }

    /// <summary>This process's soft limit on open files (what .NET raised it to at start, normally the hard limit).</summary>
    private static int OpenFileLimit()
    {
        foreach (var line in File.ReadLines("/proc/self/limits"))
        {
            if (!line.StartsWith("Max open files", StringComparison.Ordinal)) continue;
            var soft = line["Max open files".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
            return soft == "unlimited" ? int.MaxValue : int.Parse(soft, CultureInfo.InvariantCulture);
        }

        return 1024;
    }

    /// <summary>VmRSS of a process, in kB (0 when unknown).</summary>
    public static long ResidentKilobytes(int pid)
    {
        if (pid <= 0) return 0;
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        }

        return 0;
    }
}
