using System.Diagnostics;

namespace FlagGrains.Load.Scenarios;

/// <summary>
/// Admin write → every gateway of the cluster serving the new version. Each write flips one flag through the admin
/// API of the first silo; one prober per silo then polls bulk evaluations until that silo answers with the written
/// version. A sample is the time from the write's acknowledgement until the last silo serves it.
/// </summary>
public static class PropagationScenario
{
    public static async Task<int> RunAsync(CommandLine options)
    {
        var silos = options.List("silos");
        var writes = options.Number("writes", 200);
        var key = options.Text("key");
        using var admin = new AdminClient(options.Text("admin", silos[0]), options.Text("token"));
        var probes = silos.Select(url => new OfrepProbe(url, key)).ToList();
        try
        {
            foreach (var probe in probes) await probe.ServedVersionAsync(); // warm connections and gateways

            var ackToAll = new List<double>(writes);
            var sendToAll = new List<double>(writes);
            var ackToEach = new List<double>(writes * probes.Count);
            for (var i = 0; i < writes; i++)
            {
                var variant = i % 2 == 0 ? "off" : "on";
                var sent = Stopwatch.GetTimestamp();
                var version = await admin.PutFlagAsync("bench", "prod", "bench-flag-49",
                    $$"""{"state":"ENABLED","variants":{"on":true,"off":false},"defaultVariant":"{{variant}}"}""");
                var acknowledged = Stopwatch.GetTimestamp();
                var served = await Task.WhenAll(probes.Select(probe => FirstServedAsync(probe, version)));
                ackToEach.AddRange(served.Select(at => Stopwatch.GetElapsedTime(acknowledged, at).TotalMilliseconds));
                ackToAll.Add(Stopwatch.GetElapsedTime(acknowledged, served.Max()).TotalMilliseconds);
                sendToAll.Add(Stopwatch.GetElapsedTime(sent, served.Max()).TotalMilliseconds);
            }

            Console.WriteLine($"write ack → all {probes.Count} gateways: {Percentiles.Describe(ackToAll)}");
            Console.WriteLine($"write sent → all {probes.Count} gateways: {Percentiles.Describe(sendToAll)}");
            Console.WriteLine($"write ack → each gateway: {Percentiles.Describe(ackToEach)}");
            Percentiles.Report("propagation", ackToAll, ("silos", probes.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                ("sent_p99", Percentiles.Of([.. sendToAll.Order()], 99).ToString("F1", System.Globalization.CultureInfo.InvariantCulture)));
            return 0;
        }
        finally
        {
            probes.ForEach(p => p.Dispose());
        }
    }

    /// <summary>Polls until the silo answers with <paramref name="version"/> or newer; returns that moment's timestamp.</summary>
    private static async Task<long> FirstServedAsync(OfrepProbe probe, long version)
    {
        var deadline = Stopwatch.GetTimestamp() + Stopwatch.Frequency * 10;
        while (true)
        {
            if (await probe.ServedVersionAsync() >= version) return Stopwatch.GetTimestamp();
            if (Stopwatch.GetTimestamp() > deadline)
                throw new TimeoutException($"{probe.SiloUrl} did not serve version {version} within 10 s.");
        }
    }
}
