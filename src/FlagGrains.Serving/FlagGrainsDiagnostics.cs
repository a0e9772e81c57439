using System.Diagnostics;

namespace FlagGrains.Serving;

/// <summary>The names of our meter and activity source, and the source itself: the one place telemetry is named.</summary>
public static class FlagGrainsDiagnostics
{
    /// <summary>Name of the <c>FlagGrains</c> meter and activity source.</summary>
    public const string Name = "FlagGrains";

    /// <summary>Spans of admin writes and their propagation to gateways.</summary>
    public static ActivitySource ActivitySource { get; } = new(Name);
}
