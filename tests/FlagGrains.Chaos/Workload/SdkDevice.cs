using FlagGrains.Chaos.History;
using FlagGrains.Mobile;
using FlagGrains.Mobile.Storage;

namespace FlagGrains.Chaos.Workload;

/// <summary>
/// A phone running the real mobile SDK behind the load balancer: it fetches, opens the event stream, re-fetches on
/// every notification with the re-fetch hint, sets older answers aside, reconnects and backs off exactly as shipped.
/// What it applies is recorded each time its values change, which is what the app (and its user) sees.
/// </summary>
public sealed class SdkDevice : IAsyncDisposable
{
    private readonly string _name;
    private readonly HistoryLog _history;
    private readonly BalancedHandler _handler;
    private readonly FlagGrainsClient _client;
    private readonly Lock _lock = new();
    private Dictionary<string, string>? _applied;

    public SdkDevice(string name, Rotation rotation, HistoryLog history, string clientKey, int seed)
    {
        _name = name;
        _history = history;
        _handler = new BalancedHandler(rotation, history, name, seed);
        var jitter = new Random(seed + 1);
        _client = new FlagGrainsClient(
            new FlagGrainsClientOptions
            {
                BaseUrl = BalancedHandler.PublicBase,
                ClientKey = clientKey,
                Store = new InMemoryFlagStore(),
                HttpHandler = _handler,

                // Polls only while no stream is connected; shorter than the shipped minute so a device whose stream is
                // down keeps asking during a short soak.
                PollInterval = TimeSpan.FromSeconds(5),
                Random = () =>
                {
                    lock (jitter) return jitter.NextDouble();
                },
            },
            new EvaluationContext(name));
        _client.FlagsChanged += (_, _) => RecordApplied();
    }

    private void RecordApplied()
    {
        lock (_lock)
        {
            var values = FlagDocuments.Flags.ToDictionary(f => f, f => _client.GetStringValue(f, ""), StringComparer.Ordinal);
            if (values.Values.Any(v => v.Length == 0)) return;
            if (_applied is not null && values.All(v => _applied[v.Key] == v.Value)) return;
            _applied = values;
            _history.Add(new HistoryRecord { Type = RecordTypes.State, Actor = _name, T0 = _history.Now, Values = values });
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _client.DisposeAsync();
        _handler.Dispose();
    }
}
