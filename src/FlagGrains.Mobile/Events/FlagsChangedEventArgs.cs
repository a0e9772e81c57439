namespace FlagGrains.Mobile.Events;

/// <summary>All flags that changed in one update (added, removed or different), raised once per update.</summary>
public sealed class FlagsChangedEventArgs(IReadOnlyList<string> flagKeys) : EventArgs
{
    public IReadOnlyList<string> FlagKeys { get; } = flagKeys;
}
