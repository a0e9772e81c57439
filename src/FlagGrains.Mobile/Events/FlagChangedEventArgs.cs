namespace FlagGrains.Mobile.Events;

/// <summary>One flag's served value, variant or reason changed.</summary>
public sealed class FlagChangedEventArgs(string flagKey) : EventArgs
{
    public string FlagKey { get; } = flagKey;
}
