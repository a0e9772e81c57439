using Microsoft.Extensions.Logging;

namespace FlagGrains.Mobile.Tests.TestSupport;

/// <summary>
/// Keeps the SDK's log lines so a test can wait for one. A line is written once the client has taken in what it
/// reports (a stream attempt failed and its retry is scheduled), which a request log alone cannot tell.
/// </summary>
public sealed class RecordingLogger : ILogger
{
    private readonly Lock _gate = new();
    private readonly List<string> _lines = [];
    private readonly List<(string Start, int Count, TaskCompletionSource Reached)> _waiters = [];

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        List<TaskCompletionSource> reached = [];
        lock (_gate)
        {
            _lines.Add(formatter(state, exception));
            foreach (var waiter in _waiters.Where(w => CountLocked(w.Start) >= w.Count).ToList())
            {
                reached.Add(waiter.Reached);
                _waiters.Remove(waiter);
            }
        }

        reached.ForEach(r => r.TrySetResult());
    }

    /// <summary>Completes once <paramref name="count"/> lines starting with <paramref name="start"/> were written.</summary>
    public async Task WaitForAsync(string start, int count)
    {
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (CountLocked(start) >= count) return;
            _waiters.Add((start, count, reached));
        }

        try
        {
            await reached.Task.WaitAsync(TimeSpan.FromSeconds(15));
        }
        catch (TimeoutException)
        {
            lock (_gate) throw new TimeoutException($"No {count} lines \"{start}…\" within 15 s; logged: {string.Join(" | ", _lines)}");
        }
    }

    private int CountLocked(string start) => _lines.Count(line => line.StartsWith(start, StringComparison.Ordinal));
}
