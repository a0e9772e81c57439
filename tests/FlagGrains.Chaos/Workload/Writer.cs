using System.Net.Http.Headers;
using System.Text;
using FlagGrains.Chaos.History;
using FlagGrains.Testing.Cluster;

namespace FlagGrains.Chaos.Workload;

/// <summary>
/// An admin changing flags through random silos: whole flag sets, single flags, and both again with If-Match (read
/// first, through another random silo; now and then with a version known to be stale, which must be refused). Every
/// value it writes is a stamp never written before, so the checker can trace each one.
/// </summary>
public sealed class Writer : IDisposable
{
    /// <summary>Generous: a write may wait for Orleans' 30 s call timeout before it answers 503.</summary>
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(45);

    private readonly string _name;
    private readonly string _environmentPath;
    private readonly Random _random;
    private readonly HttpClient _http;
    private int _sequence;

    public Writer(string name, Rotation rotation, HistoryLog history, int seed, string environmentPath)
    {
        _name = name;
        _environmentPath = environmentPath;
        _random = new Random(seed);
        _http = new HttpClient(new BalancedHandler(rotation, history, name, seed + 1))
        {
            BaseAddress = BalancedHandler.PublicBase,
            Timeout = RequestTimeout,
            DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", SiloCluster.AdminToken) },
        };
    }

    public async Task RunAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                // Not cancelled by stop: a write in flight finishes and is recorded.
                await WriteOnceAsync();
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // Recorded as "no answer"; an ambiguous failure the checker allows.
            }

            try
            {
                await Task.Delay(_random.Next(100, 400), stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>The first flag set, retried until acknowledged (the cluster has just started).</summary>
    public async Task<HistoryRecord> SeedAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                var written = await PutSetAsync(null);
                if (written.Status is >= 200 and < 300) return written;
            }
            catch (Exception ex) when ((ex is HttpRequestException or TaskCanceledException) && DateTime.UtcNow < deadline)
            {
            }

            if (DateTime.UtcNow > deadline) throw new TimeoutException("The first flag set was not acknowledged in time.");
            await Task.Delay(500);
        }
    }

    private Task WriteOnceAsync() => _random.NextDouble() switch
    {
        < 0.25 => PutSetAsync(null),
        < 0.55 => PutFlagAsync(RandomFlag(), null, null),
        < 0.80 => ConditionalSetAsync(),
        _ => ConditionalFlagAsync(),
    };

    private async Task<HistoryRecord> ConditionalSetAsync()
    {
        var read = await SendAsync(HttpMethod.Get, "/flags", null, new HistoryRecord { Type = RecordTypes.Op, Kind = OpKinds.GetSet }, null);
        if (read.Version is not { } version) return read;

        // One in ten names a version one behind what was read: that must be a 412 (or a 503), never a success.
        var named = _random.NextDouble() < 0.1 ? version - 1 : version;
        return await PutSetAsync($"\"v{named}\"");
    }

    private async Task<HistoryRecord> ConditionalFlagAsync()
    {
        var flag = RandomFlag();
        var read = await SendAsync(HttpMethod.Get, $"/flags/{flag}", null,
            new HistoryRecord { Type = RecordTypes.Op, Kind = OpKinds.GetFlag, Values = new() { [flag] = "" } }, null);
        if (read.ETag is not { } etag || read.Values?.GetValueOrDefault(flag) is not { } stamp) return read;
        return await PutFlagAsync(flag, etag, stamp);
    }

    private Task<HistoryRecord> PutSetAsync(string? ifMatch)
    {
        var stamp = NextStamp();
        return SendAsync(HttpMethod.Put, "/flags", FlagDocuments.Document(stamp),
            new HistoryRecord { Type = RecordTypes.Op, Kind = OpKinds.PutSet, Values = FlagDocuments.Stamps(stamp), IfMatch = ifMatch }, ifMatch);
    }

    private Task<HistoryRecord> PutFlagAsync(string flag, string? ifMatch, string? readStamp)
    {
        var stamp = NextStamp();
        return SendAsync(HttpMethod.Put, $"/flags/{flag}", FlagDocuments.Flag(stamp),
            new HistoryRecord { Type = RecordTypes.Op, Kind = OpKinds.PutFlag, Values = new() { [flag] = stamp }, IfMatch = ifMatch, ReadStamp = readStamp },
            ifMatch);
    }

    private async Task<HistoryRecord> SendAsync(HttpMethod method, string path, string? body, HistoryRecord intent, string? ifMatch)
    {
        using var request = new HttpRequestMessage(method, _environmentPath + path);
        if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        request.Options.Set(BalancedHandler.Intent, intent);
        using var response = await _http.SendAsync(request);
        return request.Options.TryGetValue(BalancedHandler.Outcome, out var outcome) ? outcome : intent;
    }

    private string NextStamp() => $"{_name}#{Interlocked.Increment(ref _sequence)}";

    private string RandomFlag() => FlagDocuments.Flags[_random.Next(FlagDocuments.Flags.Count)];

    public void Dispose() => _http.Dispose();
}
