using FlagGrains.Mobile.Transport;
using Microsoft.Extensions.Logging;

namespace FlagGrains.Mobile.Sync;

/// <summary>Log lines of the sync loop and its parts. None carries a key, a stream URL or a context value.</summary>
internal static partial class SyncLog
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "Bulk evaluation: {Outcome} {Problem}")]
    public static partial void Fetched(ILogger logger, FetchOutcome outcome, string problem);

    [LoggerMessage(Level = LogLevel.Error, Message = "The server refused the client key ({Problem}); the client stopped all requests")]
    public static partial void Refused(ILogger logger, string problem);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Event stream connected")]
    public static partial void StreamConnected(ILogger logger);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Event stream ended")]
    public static partial void StreamEnded(ILogger logger);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Event stream not opened: {Problem}")]
    public static partial void StreamRefused(ILogger logger, string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The device store failed; serving from memory")]
    public static partial void StoreFailed(ILogger logger, Exception ex);

    [LoggerMessage(Level = LogLevel.Error, Message = "The sync loop failed; values keep being served from memory")]
    public static partial void LoopFailed(ILogger logger, Exception ex);
}
