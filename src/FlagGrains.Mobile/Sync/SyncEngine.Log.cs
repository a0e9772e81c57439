using FlagGrains.Mobile.Transport;
using Microsoft.Extensions.Logging;

namespace FlagGrains.Mobile.Sync;

/// <summary>Log lines of the sync loops. None carries a key, a stream URL or a context value.</summary>
internal sealed partial class SyncEngine
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "Bulk evaluation: {Outcome} {Problem}")]
    private static partial void LogFetched(ILogger logger, FetchOutcome outcome, string problem);

    [LoggerMessage(Level = LogLevel.Error, Message = "The server refused the client key ({Problem}); the client stopped all requests")]
    private static partial void LogRefused(ILogger logger, string problem);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Event stream connected")]
    private static partial void LogStreamConnected(ILogger logger);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Event stream ended")]
    private static partial void LogStreamEnded(ILogger logger);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Event stream not opened: {Problem}")]
    private static partial void LogStreamRefused(ILogger logger, string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The device store failed; serving from memory")]
    private static partial void LogStoreFailed(ILogger logger, Exception ex);

    [LoggerMessage(Level = LogLevel.Error, Message = "The {Loop} loop failed; values keep being served from memory")]
    private static partial void LogLoopFailed(ILogger logger, Exception ex, string loop);
}
