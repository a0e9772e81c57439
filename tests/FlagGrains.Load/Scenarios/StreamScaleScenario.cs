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

        // A silo's first thousands of streams run partly unoptimised code (tiered JIT recompiles the path while it is
        // hot: half the silo's CPU in the first seconds of a fresh silo went to the JIT), so a burst of streams is opened
        // and closed first; the figures are those of a silo that has served streams before, as any running silo has.
        var current = await probe.ServedVersionAsync();
        for (var round = 0; round < options.Number("warm-rounds", 3); round++)
        {
            await using var warm = new StreamFleet();
            await warm.OpenAsync(streamUrl, 2_000, options.Number("sources", 16));
            await warm.WaitForVersionAsync(current, TimeSpan.FromSeconds(30));
        }

        await Task.Delay(TimeSpan.FromSeconds(2));
        await using var fleet = new StreamFleet();
        await fleet.OpenAsync(streamUrl, 200, options.Number("sources", 16)); // the baseline reading includes a few streams
        await fleet.WaitForVersionAsync(current, TimeSpan.FromSeconds(30));
        var heapBefore = ManagedHeap.LiveBytesAfterFullGc(pid, HeapReadTimeout);
        var before = ResidentKilobytes(pid);

        // A stream counts as accepted when its first event (the current version, sent on connect) arrived: the silo
        // has authenticated it, registered it and written to it. The rate is a floor, since this process opening and
        // reading the sockets shares the box's cores with the silo.
        var siloCpuBefore = CpuTime.OfProcess(pid);
        var ownCpuBefore = CpuTime.OfProcess(Environment.ProcessId);
        var opening = Stopwatch.StartNew();
        var error = await fleet.OpenAsync(streamUrl, wanted, options.Number("sources", 16));
        var open = await fleet.WaitForVersionAsync(current, TimeSpan.FromSeconds(60));
        var acceptedPerSecond = (open - 200) / opening.Elapsed.TotalSeconds;
        // Which side of the box the accept rate is bound by: the silo's CPU per stream against this process's.
        var accepted = Math.Max(1, open - 200);
        var siloCpuPerStream = (CpuTime.OfProcess(pid) - siloCpuBefore).TotalMicroseconds / accepted;
        var ownCpuPerStream = (CpuTime.OfProcess(Environment.ProcessId) - ownCpuBefore).TotalMicroseconds / accepted;
        var after = ResidentKilobytes(pid);
        var heapAfter = ManagedHeap.LiveBytesAfterFullGc(pid, HeapReadTimeout);
        var added = Math.Max(1, fleet.Connections.Count - 200);
        var perStream = (after - before) * 1024.0 / added;
        var managedPerStream = heapBefore < 0 || heapAfter < 0 ? double.NaN : (heapAfter - heapBefore) / (double)added;

        // Right after the burst the heap also holds the buffers the burst needed at once, returned to Kestrel's pool
        // but not yet released by it; after a quiet while it holds what the open streams keep.
        var settleSeconds = options.Number("settle-seconds", 30);
        await Task.Delay(TimeSpan.FromSeconds(settleSeconds));
        var heapSettled = ManagedHeap.LiveBytesAfterFullGc(pid, HeapReadTimeout);
        var settledPerStream = heapBefore < 0 || heapSettled < 0 ? double.NaN : (heapSettled - heapBefore) / (double)added;

        var version = await admin.PutFlagAsync("bench", "prod", "bench-flag-47", """{"state":"ENABLED","variants":{"on":true,"off":false},"defaultVariant":"off"}""");
        var notified = await fleet.WaitForVersionAsync(version, TimeSpan.FromSeconds(30));

        error ??= bound;
        Console.WriteLine($"streams open {open} (asked {asked}){(error is null ? "" : $", stopped by: {error}")}; accepted {acceptedPerSecond:F0}/s (CPU per stream: silo {siloCpuPerStream:F0} µs, harness {ownCpuPerStream:F0} µs); silo RSS {before / 1024} → {after / 1024} MB, {perStream / 1024:F1} KB per stream; managed heap {heapBefore / 1024 / 1024} → {heapAfter / 1024 / 1024} MB, {managedPerStream / 1024:F1} KB per stream, {settledPerStream / 1024:F1} KB settled; {notified} notified of one write");
        Console.WriteLine(string.Join('\t', "RESULT", "streams",
            $"open={open}", $"notified={notified}",
            string.Create(CultureInfo.InvariantCulture, $"kb_per_stream={perStream / 1024:F1}"),
            string.Create(CultureInfo.InvariantCulture, $"managed_kb_per_stream={managedPerStream / 1024:F1}"),
            string.Create(CultureInfo.InvariantCulture, $"settled_kb_per_stream={settledPerStream / 1024:F1}"), $"settle_s={settleSeconds}",
            string.Create(CultureInfo.InvariantCulture, $"accepted_per_s={acceptedPerSecond:F0}"),
            string.Create(CultureInfo.InvariantCulture, $"silo_cpu_us_per_stream={siloCpuPerStream:F0}"),
            string.Create(CultureInfo.InvariantCulture, $"harness_cpu_us_per_stream={ownCpuPerStream:F0}"),
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
