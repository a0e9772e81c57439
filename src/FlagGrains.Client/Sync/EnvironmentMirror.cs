using FlagGrains.Client.Evaluation;
using FlagGrains.Domain.Editing;
using Microsoft.Extensions.Logging;

using FlagGrains.Serving.Snapshots;

namespace FlagGrains.Client.Sync;

/// <summary>
/// The snapshot one environment's evaluator answers from, and whether the cluster confirmed it lately.
/// Evaluations read it lock-free; only that environment's sync loop (or the cache load before it starts) writes.
/// </summary>
internal sealed partial class EnvironmentMirror(string environmentKey, ILogger logger)
{
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ServingSnapshot? _current;
    private volatile bool _confirmed;
    private FlagEvaluatorStatus _announced = FlagEvaluatorStatus.NotReady;

    public string EnvironmentKey { get; } = environmentKey;

    /// <summary>The sender of <see cref="Changed"/>: the public evaluator wrapping this mirror.</summary>
    public object? Owner { get; set; }

    public ServingSnapshot? Current => Volatile.Read(ref _current);

    /// <summary>True unless the last version check reached the cluster and found this snapshot current.</summary>
    public bool IsStale => !_confirmed;

    public FlagEvaluatorStatus Status => Current is null ? FlagEvaluatorStatus.NotReady
        : _confirmed ? FlagEvaluatorStatus.Ready
        : FlagEvaluatorStatus.Stale;

    /// <summary>Completes when the first snapshot is loaded, from the cluster or from the cache file.</summary>
    public Task WhenReady => _ready.Task;

    public event EventHandler<FlagsChangedEventArgs>? Changed;

    public event EventHandler<FlagEvaluatorStatus>? StatusChanged;

    /// <summary>
    /// Answers from <paramref name="snapshot"/> from now on, unless it is not newer than the one held: versions only
    /// move forward. <paramref name="confirmed"/>: it came from the cluster just now (not from the cache file).
    /// </summary>
    public bool Apply(ServingSnapshot snapshot, bool confirmed)
    {
        var previous = Current;
        if (previous is not null && snapshot.Version <= previous.Version)
        {
            if (confirmed && snapshot.Version == previous.Version) MarkConfirmed();
            return false;
        }

        var changed = ChangedFlagKeys(previous, snapshot);
        Volatile.Write(ref _current, snapshot);
        _confirmed = confirmed;
        _ready.TrySetResult();
        Raise(Changed, new FlagsChangedEventArgs(EnvironmentKey, previous?.Version, snapshot.Version, changed), snapshot.Version);
        AnnounceStatus();
        return true;
    }

    public void MarkConfirmed()
    {
        _confirmed = true;
        AnnounceStatus();
    }

    public void MarkUnconfirmed()
    {
        _confirmed = false;
        AnnounceStatus();
    }

    /// <summary>OpenFeature's READY/STALE events: raised once per change of <see cref="Status"/>, not per check.</summary>
    private void AnnounceStatus()
    {
        var status = Status;
        if (status == _announced) return;
        _announced = status;
        Raise(StatusChanged, status, Current?.Version ?? 0);
    }

    private static IReadOnlyList<string> ChangedFlagKeys(ServingSnapshot? previous, ServingSnapshot next)
    {
        var before = previous?.Flags?.FlagKeys ?? [];
        var after = next.Flags?.FlagKeys ?? [];
        if (previous is null) return after;

        var items = FlagSetDiff.Compute(previous.DocumentJson, next.DocumentJson);
        if (items.Any(item => !item.Item.StartsWith("flags/", StringComparison.Ordinal)))
        {
            // Set metadata and shared $evaluators feed every flag's answer.
            return before.Union(after, StringComparer.Ordinal).ToArray();
        }

        return items.Select(item => item.Item["flags/".Length..]).ToArray();
    }

    private void Raise<T>(EventHandler<T>? handlers, T args, long version)
    {
        if (handlers is null) return;
        foreach (var handler in handlers.GetInvocationList().Cast<EventHandler<T>>())
        {
            try
            {
                handler(Owner ?? this, args);
            }
            catch (Exception ex)
            {
                // A subscriber's bug must not stop this environment from receiving the next version.
                LogHandlerFailed(logger, ex, EnvironmentKey, version);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "An event handler of {Environment} threw at version {Version}")]
    private static partial void LogHandlerFailed(ILogger logger, Exception ex, string environment, long version);
}
