using System.Security.Cryptography;
using FlagGrains.Contracts;
using FlagGrains.Contracts.Access;
using Orleans.Storage;

namespace FlagGrains.Grains.Access;

/// <summary>One per cluster; creates the stream-signing key once and keeps it in grain storage.</summary>
public sealed class StreamSigningKeyGrain(
    [PersistentState("stream-signing-key", ProviderNames.GrainStorage)] IPersistentState<StreamSigningKeyState> state) : Grain, IStreamSigningKeyGrain
{
    private const int KeyBytes = 32;

    public async Task<byte[]> GetKeyAsync()
    {
        if (state.State.Key.Length >= KeyBytes) return state.State.Key;

        state.State.Key = RandomNumberGenerator.GetBytes(KeyBytes);
        try
        {
            await state.WriteStateAsync();
        }
        catch (InconsistentStateException)
        {
            // Another activation (a split cluster, or a second cluster on the same database) stored a key first;
            // theirs wins so every silo signs alike.
            await state.ReadStateAsync();
        }
        catch
        {
            state.State.Key = [];
            throw;
        }

        return state.State.Key;
    }
}
