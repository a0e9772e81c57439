using FlagGrains.Persistence.Tests.Grains;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Storage;

namespace FlagGrains.Persistence.Tests.Storage;

/// <summary>
/// The storage contract, written once and run against every engine. The scenarios talk to the
/// real Orleans AdoNetGrainStorage inside a running silo, so they test our SQL exactly as Orleans
/// calls it (parameter types, ETag handling, InconsistentStateException).
/// </summary>
internal static class GrainStorageScenarios
{
    private const string StateName = "contract";
    private static readonly GrainType ProbeType = GrainType.Create("flaggrains-storage-contract");

    public static async Task StateSurvivesRestartsAndClear(Func<Task<IHost>> startSilo)
    {
        var key = NewKey();

        await WithSilo(startSilo, async grains =>
        {
            var grain = grains.GetGrain<IStateProbeGrain>(key);
            Assert.False(await grain.GetRecordExists());
            Assert.Null(await grain.GetETag());

            await grain.SetValue("on");
            Assert.Equal("1", await grain.GetETag());
            await grain.SetValue("off");
            Assert.Equal("2", await grain.GetETag());
        });

        await WithSilo(startSilo, async grains =>
        {
            var grain = grains.GetGrain<IStateProbeGrain>(key);
            Assert.Equal("off", await grain.GetValue());
            Assert.Equal("2", await grain.GetETag());
            Assert.True(await grain.GetRecordExists());

            await grain.Clear();
            Assert.Null(await grain.GetValue());
            Assert.False(await grain.GetRecordExists());
            Assert.Equal("3", await grain.GetETag());
        });

        await WithSilo(startSilo, async grains =>
        {
            var grain = grains.GetGrain<IStateProbeGrain>(key);
            Assert.Null(await grain.GetValue());
            Assert.False(await grain.GetRecordExists());

            // The cleared row kept its version, so the next write continues from it.
            await grain.SetValue("again");
            Assert.Equal("4", await grain.GetETag());
        });
    }

    public static async Task GrainWithStaleETagGetsInconsistentState(IHost silo)
    {
        var grain = silo.Grains().GetGrain<IStateProbeGrain>(NewKey());
        await grain.SetValue("mine");

        // Someone else (think: a duplicate activation after a partition) writes behind the grain's back.
        var storage = Storage(silo, TestSilo.StorageName);
        var outsider = new GrainState<ProbeState>();
        await storage.ReadStateAsync("x", grain.GetGrainId(), outsider);
        outsider.State!.Value = "theirs";
        await storage.WriteStateAsync("x", grain.GetGrainId(), outsider);

        await Assert.ThrowsAsync<InconsistentStateException>(() => grain.SetValue("stale"));

        // Orleans drops the failed activation; the next one sees the winning write.
        Assert.Equal("theirs", await grain.GetValue());
    }

    public static async Task ConcurrentFirstWritesLetExactlyOneWin(IHost silo)
    {
        var storage = Storage(silo, TestSilo.StorageName);
        var grainId = GrainId.Create(ProbeType, NewKey());
        var writers = Enumerable.Range(0, 8).Select(i => State($"writer-{i}")).ToList();

        var outcomes = await Task.WhenAll(writers.Select(writer => TryWrite(storage, grainId, writer)));

        Assert.Equal(1, outcomes.Count(won => won));
        var winner = writers[Array.IndexOf(outcomes, true)];
        var stored = await Read(storage, grainId);
        Assert.Equal(winner.State!.Value, stored.State!.Value);
        Assert.Equal("1", stored.ETag);
    }

    public static async Task StaleETagWriteIsRejected(IHost silo)
    {
        var storage = Storage(silo, TestSilo.StorageName);
        var grainId = GrainId.Create(ProbeType, NewKey());
        await storage.WriteStateAsync(StateName, grainId, State("v1"));

        var first = await Read(storage, grainId);
        var second = await Read(storage, grainId);
        first.State!.Value = "first";
        second.State!.Value = "second";

        await storage.WriteStateAsync(StateName, grainId, first);
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(StateName, grainId, second));

        var stored = await Read(storage, grainId);
        Assert.Equal("first", stored.State!.Value);
        Assert.Equal(first.ETag, stored.ETag);
    }

    public static async Task WriteWithETagForMissingRowIsRejected(IHost silo)
    {
        var storage = Storage(silo, TestSilo.StorageName);
        var grainId = GrainId.Create(ProbeType, NewKey());
        var ghost = State("ghost");
        ghost.ETag = "5";

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(StateName, grainId, ghost));
        Assert.False((await Read(storage, grainId)).RecordExists);
    }

    public static async Task ClearWithStaleETagIsRejected(IHost silo)
    {
        var storage = Storage(silo, TestSilo.StorageName);
        var grainId = GrainId.Create(ProbeType, NewKey());
        var stale = State("v1");
        await storage.WriteStateAsync(StateName, grainId, stale);
        var current = await Read(storage, grainId);
        current.State!.Value = "v2";
        await storage.WriteStateAsync(StateName, grainId, current);

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearStateAsync(StateName, grainId, stale));
        Assert.Equal("v2", (await Read(storage, grainId)).State!.Value);
    }

    public static async Task DeleteOnClearRemovesTheRecord(IHost silo)
    {
        var storage = Storage(silo, TestSilo.DeletingStorageName);
        var grainId = GrainId.Create(ProbeType, NewKey());
        var state = State("doomed");
        await storage.WriteStateAsync(StateName, grainId, state);

        await storage.ClearStateAsync(StateName, grainId, state);
        Assert.Null(state.ETag);
        Assert.False(state.RecordExists);

        var stored = await Read(storage, grainId);
        Assert.False(stored.RecordExists);
        Assert.Null(stored.ETag);

        // With the row gone, a fresh first write is allowed again.
        var reborn = State("reborn");
        await storage.WriteStateAsync(StateName, grainId, reborn);
        Assert.Equal("1", reborn.ETag);
    }

    public static async Task KeyKindsAndExtensionsDoNotCollide(IHost silo)
    {
        var storage = Storage(silo, TestSilo.StorageName);
        var guid = Guid.NewGuid();
        var number = Random.Shared.NextInt64(1, long.MaxValue);
        var ids = new[]
        {
            GrainId.Create(ProbeType, GrainIdKeyExtensions.CreateIntegerKey(number)),
            GrainId.Create(ProbeType, GrainIdKeyExtensions.CreateIntegerKey(number, "ext")),
            GrainId.Create(ProbeType, GrainIdKeyExtensions.CreateGuidKey(guid)),
            GrainId.Create(ProbeType, GrainIdKeyExtensions.CreateGuidKey(guid, "ext")),
            GrainId.Create(ProbeType, number.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        };

        foreach (var id in ids)
        {
            await storage.WriteStateAsync(StateName, id, State(id.ToString()));
        }

        foreach (var id in ids)
        {
            var stored = await Read(storage, id);
            Assert.Equal(id.ToString(), stored.State!.Value);
            Assert.Equal("1", stored.ETag);
        }
    }

    private static async Task WithSilo(Func<Task<IHost>> startSilo, Func<IGrainFactory, Task> body)
    {
        var silo = await startSilo();
        try
        {
            await body(silo.Grains());
        }
        finally
        {
            await silo.StopAsync();
            silo.Dispose();
        }
    }

    private static IGrainStorage Storage(IHost silo, string name) => silo.Services.GetRequiredKeyedService<IGrainStorage>(name);

    private static GrainState<ProbeState> State(string value) => new(new ProbeState { Value = value });

    private static async Task<GrainState<ProbeState>> Read(IGrainStorage storage, GrainId grainId)
    {
        var state = new GrainState<ProbeState>();
        await storage.ReadStateAsync(StateName, grainId, state);
        return state;
    }

    private static async Task<bool> TryWrite(IGrainStorage storage, GrainId grainId, GrainState<ProbeState> state)
    {
        try
        {
            await storage.WriteStateAsync(StateName, grainId, state);
            return true;
        }
        catch (InconsistentStateException)
        {
            return false;
        }
    }

    private static string NewKey() => Guid.NewGuid().ToString("N");
}
