using System.Diagnostics;
using System.Globalization;

namespace FlagGrains.Load.Scenarios;

/// <summary>
/// As many concurrent event streams on one silo as the box allows, how fast the silo accepts them, and its memory
/// per stream: resident set around the first burst (what the OS gives the process), and live managed bytes after an
/// induced full GC around the second (what the streams' objects hold), each divided by the count. One write at the
/// end proves the streams are live, not just open sockets.
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

        // Two bursts of the same size. The first one a silo sees is slower: the tiered JIT recompiles the path while it
        // is hot (half the silo's CPU in a fresh silo's first seconds) and the heap grows to hold the streams. The
        // second finds a silo that has held that many streams before, as a running silo meeting a reconnect wave has;
        // memory is measured on it. Both rates are reported.
        var current = await probe.ServedVersionAsync();
        Burst first;
        long before, after;
        await using (var warm = new StreamFleet())
        {
            // Resident memory is read around the first burst: after it the process keeps what it grew to.
            before = ResidentKilobytes(pid);
            first = await Burst.OpenAsync(warm, streamUrl, wanted, options.Number("sources", 16), current, pid, alreadyOpen: 0);
            after = ResidentKilobytes(pid);
        }

        // The silo ends abandoned streams within a second; their descriptors must be free before the second burst.
        await Task.Delay(TimeSpan.FromSeconds(3));
        await using var fleet = new StreamFleet();
        await fleet.OpenAsync(streamUrl, 200, options.Number("sources", 16)); // the baseline reading includes a few streams
        await fleet.WaitForVersionAsync(current, TimeSpan.FromSeconds(30));
        var heapBefore = ManagedHeap.LiveBytesAfterFullGc(pid, HeapReadTimeout);

        var second = await Burst.OpenAsync(fleet, streamUrl, wanted, options.Number("sources", 16), current, pid, alreadyOpen: 200);
        var (error, open) = (second.Error ?? first.Error, second.Open);
        var heapAfter = ManagedHeap.LiveBytesAfterFullGc(pid, HeapReadTimeout);
        var added = Math.Max(1, fleet.Connections.Count - 200);
        var perStream = (after - before) * 1024.0 / Math.Max(1, first.Open);
        var managedPerStream = heapBefore < 0 || heapAfter < 0 ? double.NaN : (heapAfter - heapBefore) / (double)added;

        // Right after a burst the heap may also hold buffers the burst needed at once, returned to Kestrel's pool but
        // not yet released by it; after a quiet while it holds what the open streams keep.
        var settleSeconds = options.Number("settle-seconds", 30);
        await Task.Delay(TimeSpan.FromSeconds(settleSeconds));
        var heapSettled = ManagedHeap.LiveBytesAfterFullGc(pid, HeapReadTimeout);
        var settledPerStream = heapBefore < 0 || heapSettled < 0 ? double.NaN : (heapSettled - heapBefore) / (double)added;

        var version = await admin.PutFlagAsync("bench", "prod", "bench-flag-47", """{"state":"ENABLED","variants":{"on":true,"off":false},"defaultVariant":"off"}""");
        var notified = await fleet.WaitForVersionAsync(version, TimeSpan.FromSeconds(30));

        error ??= bound;
        Console.WriteLine($"streams open {open} (asked {asked}){(error is null ? "" : $", stopped by: {error}")}; accepted {second.PerSecond:F0}/s (CPU per stream: silo {second.SiloCpuMicros:F0} µs, harness {second.OwnCpuMicros:F0} µs), first burst {first.PerSecond:F0}/s (silo {first.SiloCpuMicros:F0} µs); silo RSS {before / 1024} → {after / 1024} MB, {perStream / 1024:F1} KB per stream; managed heap {heapBefore / 1024 / 1024} → {heapAfter / 1024 / 1024} MB, {managedPerStream / 1024:F1} KB per stream, {settledPerStream / 1024:F1} KB settled; {notified} notified of one write");
        Console.WriteLine(string.Join('\t', "RESULT", "streams",
            $"open={open}", $"notified={notified}",
            string.Create(CultureInfo.InvariantCulture, $"kb_per_stream={perStream / 1024:F1}"),
            string.Create(CultureInfo.InvariantCulture, $"managed_kb_per_stream={managedPerStream / 1024:F1}"),
            string.Create(CultureInfo.InvariantCulture, $"settled_kb_per_stream={settledPerStream / 1024:F1}"), $"settle_s={settleSeconds}",
            string.Create(CultureInfo.InvariantCulture, $"accepted_per_s={second.PerSecond:F0}"),
            string.Create(CultureInfo.InvariantCulture, $"silo_cpu_us_per_stream={second.SiloCpuMicros:F0}"),
            string.Create(CultureInfo.InvariantCulture, $"harness_cpu_us_per_stream={second.OwnCpuMicros:F0}"),
            string.Create(CultureInfo.InvariantCulture, $"first_burst_per_s={first.PerSecond:F0}"),
            string.Create(CultureInfo.InvariantCulture, $"first_burst_silo_cpu_us={first.SiloCpuMicros:F0}"),
            $"rss_mb={after / 1024}", $"limit={(error ?? "none").Replace('\t', ' ')}"));

        // Keeps the streams open for a heap dump or counters (e.g. dotnet-gcdump collect -p <silo pid>).
        await Task.Delay(TimeSpan.FromSeconds(options.Number("hold-seconds", 0)));
        return 0;
    }

    /// <summary>
    /// Opens <paramref name="count"/> streams on <paramref name="fleet"/>; a stream counts as accepted when its first
    /// event (the current version, sent on connect) arrived: the silo has authenticated it, registered it and written
    /// to it. The rate is a floor, since this process opening and reading the sockets shares the box's cores with the
    /// silo; the CPU each side spent per stream says which one bound it.
    /// </summary>
    private sealed record Burst(int Open, double PerSecond, double SiloCpuMicros, double OwnCpuMicros, string? Error)
    {
        public static async Task<Burst> OpenAsync(StreamFleet fleet, Uri streamUrl, int count, int sources, long version, int pid, int alreadyOpen)
        {
            var siloCpuBefore = CpuTime.OfProcess(pid);
            var ownCpuBefore = CpuTime.OfProcess(Environment.ProcessId);
            var opening = Stopwatch.StartNew();
            var error = await fleet.OpenAsync(streamUrl, count, sources);
            var open = await fleet.WaitForVersionAsync(version, TimeSpan.FromSeconds(60));
            var accepted = Math.Max(1, open - alreadyOpen);
            return new Burst(
                open,
                accepted / opening.Elapsed.TotalSeconds,
                (CpuTime.OfProcess(pid) - siloCpuBefore).TotalMicroseconds / accepted,
                (CpuTime.OfProcess(Environment.ProcessId) - ownCpuBefore).TotalMicroseconds / accepted,
                error);
        }
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
