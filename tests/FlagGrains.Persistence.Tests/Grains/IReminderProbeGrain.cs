namespace FlagGrains.Persistence.Tests.Grains;

/// <summary>A grain that registers one reminder, so the reminder table is exercised by the real reminder service.</summary>
public interface IReminderProbeGrain : IGrainWithStringKey
{
    Task RegisterAsync(TimeSpan dueTime, TimeSpan period);

    Task UnregisterAsync();
}
