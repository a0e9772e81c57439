namespace FlagGrains.Mobile.Events;

/// <summary>The client's <see cref="FlagStatus"/> changed; <see cref="Problem"/> says why when it got worse.</summary>
public sealed class StatusChangedEventArgs(FlagStatus status, string? problem) : EventArgs
{
    public FlagStatus Status { get; } = status;

    /// <summary>A short description of the failure behind a Stale or Fatal status (never a key or a context value).</summary>
    public string? Problem { get; } = problem;
}
