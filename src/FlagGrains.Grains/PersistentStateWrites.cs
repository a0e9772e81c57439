namespace FlagGrains.Grains;

/// <summary>Copy-then-write: a grain's memory takes a new state only once storage took it.</summary>
public static class PersistentStateWrites
{
    /// <summary>Stores <paramref name="next"/> as the state; on failure the previous state is back in memory and the error rethrown.</summary>
    public static async Task ReplaceAsync<TState>(this IPersistentState<TState> state, TState next)
    {
        var previous = state.State;
        state.State = next;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State = previous;
            throw;
        }
    }
}
