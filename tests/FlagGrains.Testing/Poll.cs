using System.Diagnostics;
using Xunit;

namespace FlagGrains.Testing;

/// <summary>Bounded polling: asks until the condition holds or the deadline passes, and says how long it took.</summary>
public static class Poll
{
    public static Task<TimeSpan> UntilAsync(string what, TimeSpan timeout, TimeSpan interval, Func<Task<bool>> condition) =>
        UntilAsync(() => what, timeout, interval, condition);

    /// <summary>As above; <paramref name="what"/> is asked only on failure, so it can tell what was seen last.</summary>
    public static async Task<TimeSpan> UntilAsync(Func<string> what, TimeSpan timeout, TimeSpan interval, Func<Task<bool>> condition)
    {
        var elapsed = Stopwatch.StartNew();
        while (!await condition())
        {
            if (elapsed.Elapsed > timeout) Assert.Fail($"Not within {timeout.TotalSeconds:0.#} s: {what()}.");
            await Task.Delay(interval);
        }

        return elapsed.Elapsed;
    }
}
