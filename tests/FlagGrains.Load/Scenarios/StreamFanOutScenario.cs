using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace FlagGrains.Load.Scenarios;

/// <summary>
/// Write → N connected event streams notified. Opens N streams on one silo, then makes writes one at a time; a sample
/// is, per stream and write, the time from the write's acknowledgement until that stream received the new version's
/// event. The silo spreads one change's notifications over connections / RefetchesPerSecond (a guard against every
/// device re-fetching at once), so this measures that spread too.
/// </summary>
public static class StreamFanOutScenario
{
    public static async Task<int> RunAsync(CommandLine options)
    {
        var silo = options.Text("silo");
        var clients = options.Number("clients", 10_000);
        var writes = options.Number("writes", 20);
        using var admin = new AdminClient(options.Text("admin", silo), options.Text("token"));
        using var probe = new OfrepProbe(silo, options.Text("key"));
        var streamUrl = await probe.EventStreamUrlAsync();

        var target = -1L;
        var arrivals = new long[clients];
        // Connects complete in any order: a connection's slot in arrivals is its place in the fleet, known once open.
        var slots = new ConcurrentDictionary<SseConnection, int>();
        await using var fleet = new StreamFleet();
        var error = await fleet.OpenAsync(streamUrl, clients, options.Number("sources", 8), connection =>
        {
            connection.Notified = (version, at) =>
            {
                if (version >= Volatile.Read(ref target) && slots.TryGetValue(connection, out var index)) Interlocked.CompareExchange(ref arrivals[index], at, 0);
            };
        });
        for (var c = 0; c < fleet.Connections.Count; c++) slots[fleet.Connections[c]] = c;
        if (error is not null) Console.WriteLine($"opened {fleet.Connections.Count} of {clients}: {error}");
        var current = await probe.ServedVersionAsync();
        await fleet.WaitForVersionAsync(current, TimeSpan.FromSeconds(30));

        var samples = new List<double>(clients * writes);
        var missed = 0;
        // What one notification costs each side of the box: silo (fan-out, write, send) and this process (receive, parse).
        var pid = options.Number("pid", 0);
        var siloCpuBefore = CpuTime.OfProcess(pid);
        var ownCpuBefore = CpuTime.OfProcess(Environment.ProcessId);
        for (var i = 0; i < writes; i++)
        {
            Array.Clear(arrivals);
            Volatile.Write(ref target, long.MaxValue);
            var variant = i % 2 == 0 ? "off" : "on";
            var version = await admin.PutFlagAsync("bench", "prod", "bench-flag-48",
                $$"""{"state":"ENABLED","variants":{"on":true,"off":false},"defaultVariant":"{{variant}}"}""");
            var acknowledged = Stopwatch.GetTimestamp();
            Volatile.Write(ref target, version);
            await fleet.WaitForVersionAsync(version, TimeSpan.FromSeconds(10));
            for (var c = 0; c < fleet.Connections.Count; c++)
            {
                // An event may land between the write's answer and the target being set: it still counts, as 0 ms.
                if (arrivals[c] != 0) samples.Add(Math.Max(0, Stopwatch.GetElapsedTime(acknowledged, arrivals[c]).TotalMilliseconds));
                else if (fleet.Connections[c].SeenVersion >= version) samples.Add(0);
                else missed++;
            }
        }

        var notifications = Math.Max(1, samples.Count);
        var siloCpu = (CpuTime.OfProcess(pid) - siloCpuBefore).TotalMicroseconds / notifications;
        var ownCpu = (CpuTime.OfProcess(Environment.ProcessId) - ownCpuBefore).TotalMicroseconds / notifications;
        Console.WriteLine($"write ack → {fleet.Connections.Count} streams: {Percentiles.Describe(samples)}; missed {missed}; CPU per notification: silo {siloCpu:F1} µs, harness {ownCpu:F1} µs");
        Percentiles.Report("fanout", samples,
            ("streams", fleet.Connections.Count.ToString(CultureInfo.InvariantCulture)),
            ("silo_cpu_us", siloCpu.ToString("F1", CultureInfo.InvariantCulture)),
            ("harness_cpu_us", ownCpu.ToString("F1", CultureInfo.InvariantCulture)),
            ("missed", missed.ToString(CultureInfo.InvariantCulture)));
        return missed == 0 ? 0 : 1;
    }
}
