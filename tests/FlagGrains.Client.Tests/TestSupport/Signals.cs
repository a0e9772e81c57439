using FlagGrains.Client.Evaluation;

namespace FlagGrains.Client.Tests.TestSupport;

/// <summary>Turns evaluator events into awaitable tasks, so tests wait on what happened instead of sleeping.</summary>
public static class Signals
{
    /// <summary>A bound on waits: a missing event fails the test instead of hanging it. Never an assertion on speed.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <summary>Completes with the first change that reaches <paramref name="version"/> or later.</summary>
    public static Task<FlagsChangedEventArgs> ChangeTo(IFlagEvaluator evaluator, long version)
    {
        var reached = new TaskCompletionSource<FlagsChangedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        evaluator.Changed += (_, change) =>
        {
            if (change.Version >= version) reached.TrySetResult(change);
        };
        return reached.Task.WaitAsync(Patience);
    }

    /// <summary>Completes when the evaluator reports <paramref name="status"/>, or at once when it already does.</summary>
    public static Task StatusOf(IFlagEvaluator evaluator, FlagEvaluatorStatus status)
    {
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        evaluator.StatusChanged += (_, now) =>
        {
            if (now == status) reached.TrySetResult();
        };
        if (evaluator.Status == status) reached.TrySetResult();
        return reached.Task.WaitAsync(Patience);
    }
}
