using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace FlagGrains.Testing.Cluster;

/// <summary>
/// One real silo OS process with its own ports and a log file: stopped hard (<c>kill -9</c>) or gracefully
/// (<c>SIGTERM</c>, as a supervisor would). Disposing kills what is still running, so a failed test never leaves a silo
/// behind holding ports and database connections.
/// </summary>
public sealed class SiloProcess : IAsyncDisposable
{
    // Last line of defence: a host that exits (even on an unhandled exception) takes its silos with it.
    private static readonly ConcurrentDictionary<int, Process> Running = new();

    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly Lock _logLock = new();
    private bool _logClosed;

    static SiloProcess() => AppDomain.CurrentDomain.ProcessExit += (_, _) =>
    {
        foreach (var process in Running.Values) TryKill(process);
    };

    private SiloProcess(string name, SiloPorts ports, string logPath, Process process, StreamWriter log)
    {
        Name = name;
        Ports = ports;
        LogPath = logPath;
        _process = process;
        _log = log;
    }

    public string Name { get; }

    public SiloPorts Ports { get; }

    public int HttpPort => Ports.Http;

    /// <summary>Silo-to-silo port; with the loopback address it identifies this silo in the membership table.</summary>
    public int SiloPort => Ports.Silo;

    /// <summary>Port Orleans clients connect to.</summary>
    public int GatewayPort => Ports.Gateway;

    public string LogPath { get; }

    public Uri BaseAddress => new($"http://127.0.0.1:{HttpPort}");

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    /// <summary>A silo of a test cluster: the build beside the caller, configured through environment variables.</summary>
    public static SiloProcess Start(string name, SiloSettings settings, string logFolder, SiloPorts? ports = null)
    {
        ports ??= SiloPorts.Free();
        var start = SiloBinary.StartInfo();
        foreach (var (key, value) in settings.ToEnvironment(ports)) start.Environment[key] = value;

        // A home of its own, as a container or machine has: nothing a silo keeps in its user's folder is shared.
        // (It must exist: without one, ASP.NET Core keeps its key ring in the shared working directory instead.)
        var home = Directory.CreateDirectory(Path.Combine(logFolder, $"{name}-home")).FullName;
        start.Environment["HOME"] = home;
        return Start(name, start, Path.Combine(logFolder, $"{name}.log"), ports);
    }

    /// <summary>
    /// Any silo command line (for instance the published Release build the load harness runs); <paramref name="ports"/>
    /// says what that command line configures. The log is appended to, so restarts of one silo share a file.
    /// </summary>
    public static SiloProcess Start(string name, ProcessStartInfo start, string logPath, SiloPorts ports)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        var log = new StreamWriter(new FileStream(logPath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
        log.WriteLine($"=== {name} starting at {DateTimeOffset.UtcNow:O} ===");
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var silo = new SiloProcess(name, ports, logPath, process, log);
        process.OutputDataReceived += (_, e) => silo.AppendLog(e.Data);
        process.ErrorDataReceived += (_, e) => silo.AppendLog(e.Data);
        process.Start();
        Running[process.Id] = process;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return silo;
    }

    /// <summary>Waits for <c>/health/ready</c>; fails at once, with the log's tail, if the process exits instead.</summary>
    public async Task WaitUntilReadyAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"{Name} exited with code {_process.ExitCode} before it was ready.\n{LogTail()}");
            try
            {
                using var response = await http.GetAsync("/health/ready", cancellationToken);
                if (response.IsSuccessStatusCode) return;
            }
            catch (Exception ex) when (ex is HttpRequestException || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
            {
                // Not listening yet.
            }

            if (deadline.Elapsed > timeout)
                throw new TimeoutException($"{Name} was not ready within {timeout.TotalSeconds:0} s.\n{LogTail()}");
            await Task.Delay(100, cancellationToken);
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

    /// <summary>
    /// SIGTERM, as an orchestrator stops a container: the silo drains, leaves the cluster and exits. Killed hard when
    /// it has not exited after <paramref name="patience"/>; returns whether it stopped by itself.
    /// </summary>
    public async Task<bool> StopGracefullyAsync(TimeSpan patience)
    {
        if (_process.HasExited) return true;
        using (var term = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await term!.WaitForExitAsync();
        }

        using var wait = new CancellationTokenSource(patience);
        try
        {
            await _process.WaitForExitAsync(wait.Token);
            Running.TryRemove(_process.Id, out _);
            return true;
        }
        catch (OperationCanceledException)
        {
            await KillHardAsync();
            return false;
        }
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

        // The output readers may still hold lines of the exited process; let them land before the log closes.
        await _process.WaitForExitAsync();
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
