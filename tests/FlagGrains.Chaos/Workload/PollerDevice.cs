using System.Net.Http.Headers;
using System.Text;
using FlagGrains.Chaos.History;

namespace FlagGrains.Chaos.Workload;

/// <summary>
/// A device using some other OFREP client: no stream, no SDK rules, only the server's guards. It revalidates its
/// bulk answer with If-None-Match every few hundred milliseconds and applies whatever 200 it gets; now and then it
/// evaluates a single flag. Most evaluations of the soak come from these, so they also measure availability.
/// </summary>
public sealed class PollerDevice : IDisposable
{
    private readonly string _name;
    private readonly HistoryLog _history;
    private readonly Random _random;
    private readonly HttpClient _http;
    private readonly string _context;
    private string? _etag;

    public PollerDevice(string name, Rotation rotation, HistoryLog history, string clientKey, int seed)
    {
        _name = name;
        _history = history;
        _random = new Random(seed);
        _context = $$$"""{"context":{"targetingKey":"{{{name}}}"}}""";
        _http = new HttpClient(new BalancedHandler(rotation, history, name, seed + 1))
        {
            BaseAddress = BalancedHandler.PublicBase,
            Timeout = TimeSpan.FromSeconds(10),
            DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", clientKey) },
        };
    }

    public async Task RunAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                if (_random.NextDouble() < 0.2) await EvaluateFlagAsync();
                else await RevalidateAsync();
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // Recorded by the handler; whether it was allowed depends on the silo, which the checker knows.
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

    private async Task RevalidateAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "ofrep/v1/evaluate/flags") { Content = Context() };
        if (_etag is not null) request.Headers.TryAddWithoutValidation("If-None-Match", _etag);
        using var response = await _http.SendAsync(request);
        if (!request.Options.TryGetValue(BalancedHandler.Outcome, out var outcome) || outcome.Status != 200 || outcome.Version is null) return;
        _etag = response.Headers.ETag?.Tag;
        _history.Add(new HistoryRecord { Type = RecordTypes.State, Actor = _name, T0 = _history.Now, Version = outcome.Version, Values = outcome.Values });
    }

    private async Task EvaluateFlagAsync()
    {
        var flag = FlagDocuments.Flags[_random.Next(FlagDocuments.Flags.Count)];
        using var response = await _http.PostAsync($"ofrep/v1/evaluate/flags/{flag}", Context());
    }

    private StringContent Context() => new(_context, Encoding.UTF8, "application/json");

    public void Dispose() => _http.Dispose();
}
