namespace FlagGrains.Client.Evaluation;

/// <summary>
/// An evaluator moved to a new snapshot (OpenFeature's PROVIDER_CONFIGURATION_CHANGED). Raised on the client's
/// sync loop; a handler that blocks delays the next update of this environment.
/// </summary>
public sealed class FlagsChangedEventArgs(string environmentKey, long? previousVersion, long version, IReadOnlyList<string> changedFlagKeys) : EventArgs
{
    /// <summary><c>{project}/{environment}</c>.</summary>
    public string EnvironmentKey { get; } = environmentKey;

    /// <summary>Null on the first snapshot.</summary>
    public long? PreviousVersion { get; } = previousVersion;

    public long Version { get; } = version;

    /// <summary>
    /// Flags whose definition was added, changed or removed. Every flag when flag-set metadata or shared
    /// <c>$evaluators</c> changed, since either can change any flag's answer.
    /// </summary>
    public IReadOnlyList<string> ChangedFlagKeys { get; } = changedFlagKeys;
}
