namespace FlagGrains.Persistence.Tests.Grains;

// [GenerateSerializer] also puts the type on Orleans' allow-list, which the JSON storage
// serializer consults before it honours a stored $type name.
[GenerateSerializer]
public sealed class ProbeState
{
    [Id(0)]
    public string? Value { get; set; }
}

public sealed class StateProbeGrain([PersistentState("x", TestSilo.StorageName)] IPersistentState<ProbeState> state)
    : Grain, IStateProbeGrain
{
    public Task<string?> GetValue() => Task.FromResult(state.State.Value);

    public Task<string?> GetETag() => Task.FromResult(state.Etag);

    public Task<bool> GetRecordExists() => Task.FromResult(state.RecordExists);

    public async Task SetValue(string value)
    {
        state.State.Value = value;
        await state.WriteStateAsync();
    }

    public Task Clear() => state.ClearStateAsync();
}
