using FlagGrains.Client.Evaluation;

namespace FlagGrains.Client;

/// <summary>The evaluators of every environment this service was configured with.</summary>
public interface IFlagGrainsClient
{
    IReadOnlyList<IFlagEvaluator> Evaluators { get; }

    /// <summary>The evaluator of a configured environment; throws for one that was not configured.</summary>
    IFlagEvaluator GetEvaluator(string project, string environment);

    /// <summary>Completes once every configured environment has a snapshot (from the cluster or the snapshot cache).</summary>
    Task WaitForReadyAsync(CancellationToken cancellationToken = default);
}
