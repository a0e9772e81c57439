namespace FlagGrains.Silo.Hosting;

/// <summary>The one line every start-up gate logs when it refuses, so operators can search for one text.</summary>
public static partial class StartupRefusal
{
    public const string Prefix = "FlagGrains cannot start: ";

    /// <summary>Logs the refusal and returns the exception that carries it to Program (exit code 2).</summary>
    public static StartupRefusedException Refuse(ILogger logger, string reason, Exception? inner = null)
    {
        LogRefused(logger, reason);
        return new StartupRefusedException(reason, inner);
    }

    /// <summary>
    /// For a refusal found while the host is being built (certificates, a weak admin token, colliding listeners),
    /// before any logger exists: the same line on standard error, in the console logger's shape.
    /// </summary>
    public static Task WriteAsync(StartupRefusedException refused) =>
        Console.Error.WriteLineAsync("crit: " + Prefix + refused.Message);

    [LoggerMessage(Level = LogLevel.Critical, Message = Prefix + "{Reason}")]
    private static partial void LogRefused(ILogger logger, string reason);
}
