namespace FlagGrains.AdminConsole.Workspace;

/// <summary>A moment marked on a chart's time axis, with a short label (a release step's percentage).</summary>
public sealed record ChartMarker(DateTimeOffset At, string Label);
