namespace FlagGrains.AdminConsole;

/// <summary><c>FlagGrains:Console</c>: how the admin console is served.</summary>
public sealed class ConsoleOptions
{
    public const string Section = "FlagGrains:Console";

    /// <summary>How long a console sign-in lasts (sliding is off: an incident shift does not extend it forever).</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(8);
}
