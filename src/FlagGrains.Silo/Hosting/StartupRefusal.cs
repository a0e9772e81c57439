namespace FlagGrains.Silo.Hosting;

/// <summary>The one line every start-up gate logs when it refuses, so operators can search for one text.</summary>
public static partial class StartupRefusal
{
    /// <summary>Logs the refusal and returns the exception that carries it to Program (exit code 2).</summary>
    public static StartupRefusedException Refuse(ILogger logger, string reason, Exception? inner = null)
    {
        LogRefused(logger, reason);
        return new StartupRefusedException(reason, inner);
    }

    [LoggerMessage(Level = LogLevel.Critical, Message = "FlagGrains cannot start: {Reason}")]
    private static partial void LogRefused(ILogger logger, string reason);
}
