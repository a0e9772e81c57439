using System.Collections.Concurrent;
using System.Diagnostics;
using FlagGrains.Testing;

namespace FlagGrains.Silo.Tests.Cluster.Support;

/// <summary>
/// One real silo OS process (<c>dotnet FlagGrains.Silo.dll</c>) with its own ports and a log file. Disposing kills it,
/// so a failed test never leaves a silo behind holding ports and database connections.
/// </summary>
public sealed class SiloProcess : IAsyncDisposable
{
    // Last line of defence: a test host that exits (even on an unhandled exception) takes its silos with it.
    private static readonly ConcurrentDictionary<int, Process> Running = new();

    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly Lock _logLock = new();
    private bool _logClosed;

    static SiloProcess() => AppDomain.CurrentDomain.ProcessExit += (_, _) =>
    {
        foreach (var process in Running.Values) TryKill(process);
    };

    private SiloProcess(string name, int httpPort, int siloPort, string logPath, Process process, StreamWriter log)
    {
        Name = name;
        HttpPort = httpPort;
        SiloPort = siloPort;
        LogPath = logPath;
        _process = process;
        _log = log;
    }

    public string Name { get; }

    public int HttpPort { get; }

    /// <summary>Silo-to-silo port; with the loopback address it identifies this silo in the membership table.</summary>
    public int SiloPort { get; }

    public string LogPath { get; }

    public Uri BaseAddress => new($"http://127.0.0.1:{HttpPort}");

    public bool HasExited => _process.HasExited;

    public static SiloProcess Start(string name, SiloSettings settings, string logFolder)
    {
        var (httpPort, siloPort, gatewayPort) = (FreeTcpPort.Next(), FreeTcpPort.Next(), FreeTcpPort.Next());
        var start = SiloBinary.StartInfo();
        foreach (var (key, value) in settings.ToEnvironment(httpPort, siloPort, gatewayPort)) start.Environment[key] = value;

        Directory.CreateDirectory(logFolder);
        var logPath = Path.Combine(logFolder, $"{name}.log");
        var log = new StreamWriter(new FileStream(logPath, FileMode.Create, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var silo = new SiloProcess(name, httpPort, siloPort, logPath, process, log);
        process.OutputDataReceived += (_, e) => silo.AppendLog(e.Data);
        process.ErrorDataReceived += (_, e) => silo.AppendLog(e.Data);
        process.Start();
        Running[process.Id] = process;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return silo;
    }

    /// <summary>Waits for <c>/health/ready</c>; fails at once, with the log's tail, if the process exits instead.</summary>
    public async Task WaitUntilReadyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"{Name} exited with code {_process.ExitCode} before it was ready.\n{LogTail()}");
            try
            {
                using var response = await http.GetAsync("/health/ready");
                if (response.IsSuccessStatusCode) return;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }

            if (deadline.Elapsed > timeout)
                throw new TimeoutException($"{Name} was not ready within {timeout.TotalSeconds:0} s.\n{LogTail()}");
            await Task.Delay(100);
        }
    }

    /// <summary>kill -9 of the silo and anything it started: no shutdown hooks, no goodbye to the cluster.</summary>
    public async Task KillHardAsync()
    {
        TryKill(_process);
        using var exited = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _process.WaitForExitAsync(exited.Token);
        Running.TryRemove(_process.Id, out _);
    }

    public string LogTail(int lines = 60)
    {
        lock (_logLock)
        {
            using var reader = new StreamReader(new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
            var all = reader.ReadToEnd().Split('\n');
            return $"--- last {Math.Min(lines, all.Length)} lines of {LogPath} ---\n" + string.Join('\n', all.TakeLast(lines));
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) await KillHardAsync();
        Running.TryRemove(_process.Id, out _);
        lock (_logLock)
        {
            _logClosed = true;
            _log.Dispose();
        }

        _process.Dispose();
    }

    private void AppendLog(string? line)
    {
        if (line is null) return;
        lock (_logLock)
        {
            if (!_logClosed) _log.WriteLine(line);
        }
    }

    private static void TryKill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }
}
