using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using FlagGrains.Testing.Cluster;

namespace FlagGrains.Load.Scenarios;

/// <summary>
/// Silo process start → ready with a large flag set (default 1,000 flags: the benchmark set × 20). The set is
/// written once; then each run starts the stopped silo on the same SQLite file and times (a) /health/ready answering
/// 200 and (b) the first bulk evaluation answering with every flag.
/// </summary>
public static class ColdStartScenario
{
    public static async Task<int> RunAsync(CommandLine options)
    {
        var executable = options.Text("silo-exe");
        var url = options.Text("url", "http://127.0.0.1:8095");
        var ports = new SiloPorts(new Uri(url).Port, 11191, 30091);
        var token = options.Text("token");
        var work = Directory.CreateDirectory(options.Text("workdir")).FullName;
        var multiply = options.Number("multiply", 20);
        var log = Path.Combine(work, "coldstart-silo.log");
        SiloProcess Start()
        {
            var start = new ProcessStartInfo(executable);
            foreach (var argument in (string[])[
                "--contentRoot", options.Text("content-root"), "--urls", url,
                "--FlagGrains:Storage:SqlitePath=" + Path.Combine(work, "coldstart.db"),
                $"--FlagGrains:Cluster:SiloPort={ports.Silo}", $"--FlagGrains:Cluster:GatewayPort={ports.Gateway}",
            ]) start.ArgumentList.Add(argument);
            return SiloProcess.Start("coldstart", start, log, ports);
        }

        string key;
        await using (var first = Start())
        {
            await WaitUntilAsync(() => Ready(url), TimeSpan.FromSeconds(60), first);
            using var admin = new AdminClient(url, token);
            var document = Seeder.Multiply(File.ReadAllText(options.Text("flags")), multiply);
            await admin.PutFlagSetAsync("bench", "prod", document);
            key = await admin.CreateClientKeyAsync("bench", "prod");
            await first.StopGracefullyAsync(StopPatience);
        }

        var expected = 50 * multiply;
        var toReady = new List<double>();
        var toAnswer = new List<double>();
        for (var run = 0; run < options.Number("runs", 5); run++)
        {
            var started = Stopwatch.GetTimestamp();
            await using var silo = Start();
            using var probe = new OfrepProbe(url, key);
            await WaitUntilAsync(() => Ready(url), TimeSpan.FromSeconds(60), silo);
            toReady.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            await WaitUntilAsync(async () => await probe.FlagCountAsync(CancellationToken.None) == expected, TimeSpan.FromSeconds(60), silo);
            toAnswer.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            await silo.StopGracefullyAsync(StopPatience);
        }

        Console.WriteLine($"process start → /health/ready: {Percentiles.Describe(toReady)}");
        Console.WriteLine($"process start → bulk answer with {expected} flags: {Percentiles.Describe(toAnswer)}");
        Percentiles.Report("coldstart", toAnswer, ("flags", expected.ToString(CultureInfo.InvariantCulture)),
            ("ready_p50", Percentiles.Of([.. toReady.Order()], 50).ToString("F0", CultureInfo.InvariantCulture)));
        return 0;
    }

    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(2) };

    /// <summary>Each run stops the silo as a supervisor would (SIGTERM), so the next start finds a cleanly closed file.</summary>
    private static readonly TimeSpan StopPatience = TimeSpan.FromSeconds(30);

    private static async Task<bool> Ready(string url)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{url}/health/ready");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var response = await Http.SendAsync(request);
        return response.IsSuccessStatusCode;
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, SiloProcess silo)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            try
            {
                if (await condition()) return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            if (silo.HasExited) throw new InvalidOperationException("The silo exited during start; see its log.");
            if (Stopwatch.GetTimestamp() > deadline) throw new TimeoutException("The silo did not become ready in time.");
            await Task.Delay(2);
        }
    }
}
