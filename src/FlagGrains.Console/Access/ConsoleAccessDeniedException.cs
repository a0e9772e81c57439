namespace FlagGrains.AdminConsole.Access;

/// <summary>A console action refused on the server: no session, a revoked token, or a role below what it needs.</summary>
public sealed class ConsoleAccessDeniedException(string message, bool sessionEnded) : Exception(message)
{
    /// <summary>True when the user must sign in again (as opposed to lacking a role).</summary>
    public bool SessionEnded { get; } = sessionEnded;
}
