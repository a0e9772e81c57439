namespace FlagGrains.Grains.Automation;

/// <summary>
/// Keeps one named reminder of a grain pointed at a due time. Registering writes the reminder table, so it is only done
/// when the due time changed (or after an activation, when this copy does not know what is registered).
/// </summary>
public sealed class DueReminder(Grain grain, string name, TimeProvider clock, TimeSpan period)
{
    private DateTimeOffset? _armedFor;
    private bool _known;

    /// <summary>Fires first at <paramref name="due"/> (at once if it passed), then every period until moved or cleared.</summary>
    public async Task ArmAsync(DateTimeOffset due)
    {
        if (_known && _armedFor == due) return;
        var delay = due - clock.GetUtcNow();
        await grain.RegisterOrUpdateReminder(name, delay > TimeSpan.Zero ? delay : TimeSpan.Zero, period);
        (_armedFor, _known) = (due, true);
    }

    /// <summary>Ticks every period from now on, registering only if this activation has not already done so.</summary>
    public async Task KeepTickingAsync()
    {
        if (_known && _armedFor is not null) return;
        await ArmAsync(clock.GetUtcNow() + period);
    }

    public async Task ClearAsync()
    {
        if (_known && _armedFor is null) return;
        if (await grain.GetReminder(name) is { } reminder) await grain.UnregisterReminder(reminder);
        (_armedFor, _known) = (null, true);
    }

    /// <summary>Arms for <paramref name="due"/>, or clears when there is nothing due.</summary>
    public Task SetAsync(DateTimeOffset? due) => due is { } at ? ArmAsync(at) : ClearAsync();
}
