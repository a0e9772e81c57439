namespace FlagGrains.Client.Evaluation;

/// <summary>Where an evaluator's answers come from right now.</summary>
public enum FlagEvaluatorStatus
{
    /// <summary>No snapshot yet: every evaluation returns the caller's default with PROVIDER_NOT_READY.</summary>
    NotReady,

    /// <summary>The last version check reached the cluster; answers are current within the version-check interval.</summary>
    Ready,

    /// <summary>
    /// Answers come from the last snapshot, but the cluster did not answer the last version check (or the snapshot
    /// was read from the cache file and not yet confirmed). Changes made meanwhile are not seen.
    /// </summary>
    Stale,
}
