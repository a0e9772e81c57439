using FlagGrains.Contracts.Releases;
using Microsoft.Extensions.Logging;

namespace FlagGrains.Grains.Automation;

/// <summary>A listener for what releases and scheduled changes do (webhooks, chat notifications). Register it in DI.</summary>
public interface IAutomationEventSink
{
    /// <summary>Called after the change was stored; a failure here is logged and never undoes or blocks the change.</summary>
    Task PublishAsync(AutomationEvent automationEvent);
}

/// <summary>
/// The one place automation announces what it did: every release step, pause, rollback, completion and every scheduled
/// change outcome goes through <see cref="PublishAsync"/>, which hands it to each registered sink.
/// </summary>
public sealed partial class AutomationEvents(IEnumerable<IAutomationEventSink> sinks, ILogger<AutomationEvents> logger)
{
    public async Task PublishAsync(AutomationEvent automationEvent)
    {
        var detail = (automationEvent.Version is { } version ? $", version {version}" : "") + (automationEvent.Reason is { } reason ? $": {reason}" : "");
        LogEvent(logger, automationEvent.Type, automationEvent.SourceId, automationEvent.EnvironmentKey, detail);
        foreach (var sink in sinks)
        {
            try
            {
                await sink.PublishAsync(automationEvent);
            }
            catch (Exception ex)
            {
                LogSinkFailed(logger, ex, sink.GetType().Name, automationEvent.Type, automationEvent.SourceId);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Type} {Source} in {Environment}{Detail}")]
    private static partial void LogEvent(ILogger logger, string type, string source, string environment, string detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Event sink {Sink} failed on {Type} of {Source}; the change itself stands")]
    private static partial void LogSinkFailed(ILogger logger, Exception ex, string sink, string type, string source);
}
