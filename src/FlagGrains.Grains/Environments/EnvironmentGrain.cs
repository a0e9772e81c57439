using FlagGrains.Contracts;
using FlagGrains.Contracts.Access;
using FlagGrains.Contracts.Environments;
using FlagGrains.Domain.Access;
using FlagGrains.Domain.Evaluation;
using FlagGrains.Domain.Model;
using Microsoft.Extensions.Logging;
using Orleans.Streams;

namespace FlagGrains.Grains.Environments;

/// <summary>
/// Single writer of one environment. Every accepted change is persisted before it is acknowledged, then announced
/// as a version bump; gateways pull the snapshot themselves, so the announcement may be lost without harm.
/// </summary>
public sealed partial class EnvironmentGrain(
    [PersistentState("environment", ProviderNames.GrainStorage)] IPersistentState<EnvironmentState> state,
    TimeProvider clock,
    ILogger<EnvironmentGrain> logger) : Grain, IEnvironmentGrain
{
    private EnvironmentSnapshot? _snapshot;

    public async Task<FlagSetWriteResult> PutFlagSetAsync(string documentJson, long? expectedVersion)
    {
        if (expectedVersion is { } expected && expected != state.State.Version)
            return new FlagSetWriteResult(FlagSetWriteStatus.VersionConflict, state.State.Version, []);

        // Strict: a rule flagd would load but could never run (unknown operator, dangling $ref) is refused at the
        // door, where a person can fix it, instead of answering PARSE_ERROR to every device.
        var parsed = FlagSetDocument.Parse(documentJson, ValidationMode.Strict);
        if (parsed.Document is null)
        {
            var problems = parsed.Errors.Select(e => new FlagSetProblem(e.Path, e.Message)).ToList();
            return new FlagSetWriteResult(FlagSetWriteStatus.Invalid, state.State.Version, problems);
        }

        // Compiling here as well as in gateways means a document that validates but cannot be served is refused
        // at the door instead of breaking every gateway.
        CompiledFlagSet.Compile(parsed.Document);

        var next = state.State.Clone();
        next.DocumentJson = parsed.Document.Json;
        await CommitAsync(next);
        return FlagSetWriteResult.Stored(state.State.Version);
    }

    public Task<FlagSetView?> GetFlagSetAsync() => Task.FromResult(
        state.State.DocumentJson is { } json ? new FlagSetView(json, state.State.Version, state.State.UpdatedAt) : null);

    public Task<EnvironmentSnapshot> GetSnapshotAsync() => Task.FromResult(_snapshot ??= BuildSnapshot());

    public Task<long> GetVersionAsync() => Task.FromResult(state.State.Version);

    public async Task<CreatedApiKey> CreateKeyAsync(ApiKeyKind kind)
    {
        var (project, environment) = GrainKeys.ParseEnvironment(this.GetPrimaryKeyString());
        var prefix = kind == ApiKeyKind.Server ? ApiKeyFormat.ServerPrefix : ApiKeyFormat.ClientPrefix;
        var (keyId, token) = ApiKeyFormat.Create(prefix, project, environment);
        var now = clock.GetUtcNow();

        var next = state.State.Clone();
        next.Keys.Add(new StoredApiKey { KeyId = keyId, Kind = kind, Sha256Hex = ApiKeyFormat.Sha256Hex(token), CreatedAt = now });
        await CommitAsync(next);
        return new CreatedApiKey(keyId, kind, token, now);
    }

    /// <summary>
    /// Persists <paramref name="next"/> as the next version. Memory only changes after storage accepted the write,
    /// so a failed write (database down) leaves the grain exactly as it was and the caller sees the failure.
    /// </summary>
    private async Task CommitAsync(EnvironmentState next)
    {
        var previous = state.State;
        next.Version = previous.Version + 1;
        next.UpdatedAt = clock.GetUtcNow();
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

        _snapshot = null;
        await AnnounceAsync(next.Version, next.UpdatedAt);
    }

    private async Task AnnounceAsync(long version, DateTimeOffset writtenAt)
    {
        var key = this.GetPrimaryKeyString();
        try
        {
            var stream = this.GetStreamProvider(ProviderNames.Streams)
                .GetStream<VersionBump>(StreamId.Create(ProviderNames.VersionBumpNamespace, key));
            await stream.OnNextAsync(new VersionBump(key, version, writtenAt));
        }
        catch (Exception ex)
        {
            // The write is durable already; gateways' periodic version check picks it up without the bump.
            LogAnnounceFailed(logger, ex, key, version);
        }
    }

    private EnvironmentSnapshot BuildSnapshot()
    {
        var keys = state.State.Keys
            .Where(k => k.RevokedAt is null)
            .Select(k => new ApiKeyDigest(k.KeyId, k.Kind, k.Sha256Hex))
            .ToList();
        return new EnvironmentSnapshot(this.GetPrimaryKeyString(), state.State.Version, state.State.DocumentJson, keys, state.State.UpdatedAt);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Version bump {Version} of {Environment} was not announced; gateways will find it by polling")]
    private static partial void LogAnnounceFailed(ILogger logger, Exception ex, string environment, long version);
}
