using System.Diagnostics;
using FlagGrains.Contracts;
using FlagGrains.Contracts.Access;
using FlagGrains.Contracts.Audit;
using FlagGrains.Contracts.Catalog;
using FlagGrains.Contracts.Environments;
using FlagGrains.Domain.Access;
using FlagGrains.Grains.Analytics;
using FlagGrains.Grains.Audit;
using FlagGrains.Grains.Gateways;
using FlagGrains.Grains.Webhooks;
using FlagGrains.Domain.Editing;
using FlagGrains.Domain.Evaluation;
using FlagGrains.Domain.Model;
using FlagGrains.Serving;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Streams;

namespace FlagGrains.Grains.Environments;

/// <summary>
/// Single writer of one environment. Every accepted change is persisted (with its audit entry) before it is
/// acknowledged, then announced as a version bump; gateways pull the snapshot themselves, so the announcement may be
/// lost without harm.
/// </summary>
public sealed partial class EnvironmentGrain(
    [PersistentState("environment", ProviderNames.GrainStorage)] IPersistentState<EnvironmentState> state,
    IOptions<RuleLimitOptions> limits,
    GatewayBumps gateways,
    TimeProvider clock,
    ILogger<EnvironmentGrain> logger) : Grain, IEnvironmentGrain
{
    /// <summary>
    /// How many at-most-once operations are remembered. A repeat comes from a reminder re-firing within seconds of the
    /// first application, long before this many other automated writes could push it out.
    /// </summary>
    internal const int AppliedOperationWindow = 256;

    private static readonly TimeSpan FollowUpRetry = TimeSpan.FromSeconds(5);

    private EnvironmentSnapshot? _snapshot;
    private IGrainTimer? _followUpRetry;

    private string Key => this.GetPrimaryKeyString();

    private bool Exists => state.State.DocumentJson is not null;

    private ICatalogGrain Catalog => GrainFactory.GetGrain<ICatalogGrain>(GrainKeys.Catalog);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        Events.ForwardSoon();
        return FollowUpAsync();
    }

    public async Task ReconcileCatalogAsync()
    {
        state.State.CatalogPending = true;
        await FollowUpAsync();
    }

    public async Task<FlagSetWriteResult> PutFlagSetAsync(string documentJson, long? expectedVersion, ChangeContext change)
    {
        if (expectedVersion is { } expected && expected != state.State.Version)
            return new FlagSetWriteResult(FlagSetWriteStatus.VersionConflict, state.State.Version, []);
        return await StoreDocumentAsync(documentJson, change, "flagset.put");
    }

    public async Task<FlagSetWriteResult> PutFlagAsync(string flagKey, string flagJson, string? expectedEtag, ChangeContext change)
    {
        if (!MatchesFlagEtag(flagKey, expectedEtag)) return Conflict();

        var document = FlagSetEditor.SetFlag(state.State.DocumentJson, flagKey, flagJson);
        if (document is null)
            return new FlagSetWriteResult(FlagSetWriteStatus.Invalid, state.State.Version, [new FlagSetProblem($"$.flags.{flagKey}", "A flag must be a JSON object.")]);
        return await StoreDocumentAsync(document, change, "flag.put");
    }

    public async Task<FlagSetWriteResult> DeleteFlagAsync(string flagKey, string? expectedEtag, ChangeContext change)
    {
        if (FlagSetEditor.GetFlag(state.State.DocumentJson, flagKey) is null)
            return new FlagSetWriteResult(FlagSetWriteStatus.NotFound, state.State.Version, []);
        if (!MatchesFlagEtag(flagKey, expectedEtag)) return Conflict();
        return await StoreDocumentAsync(FlagSetEditor.RemoveFlag(state.State.DocumentJson!, flagKey)!, change, "flag.delete");
    }

    public async Task<FlagSetWriteResult> ApplyFlagEditsAsync(FlagEdits edits, ChangeContext change)
    {
        if (state.State.AppliedOperations.Find(o => o.OperationId == edits.OperationId) is { } applied)
            return FlagSetWriteResult.Stored(applied.Version);
        if (!Exists) return new FlagSetWriteResult(FlagSetWriteStatus.NotFound, state.State.Version, []);

        var document = state.State.DocumentJson!;
        var problems = new List<FlagSetProblem>();
        foreach (var edit in edits.Edits)
        {
            if (edits.Edits.Count(e => e.FlagKey == edit.FlagKey) > 1)
            {
                problems.Add(new FlagSetProblem($"$.flags.{edit.FlagKey}", "The flag is edited twice in one change."));
                continue;
            }

            if (!MatchesFlagEtag(edit.FlagKey, edit.ExpectedEtag)) return Conflict();
            var edited = edit.FlagJson is null
                ? FlagSetEditor.RemoveFlag(document, edit.FlagKey)
                : FlagSetEditor.SetFlag(document, edit.FlagKey, edit.FlagJson);
            if (edited is null)
            {
                problems.Add(new FlagSetProblem($"$.flags.{edit.FlagKey}", edit.FlagJson is null ? $"There is no flag '{edit.FlagKey}' to remove." : "A flag must be a JSON object."));
                continue;
            }

            document = edited;
        }

        if (problems.Count > 0) return new FlagSetWriteResult(FlagSetWriteStatus.Invalid, state.State.Version, problems.Distinct().ToList());
        return await StoreDocumentAsync(document, change, edits.Action, edits.OperationId);
    }

    public Task<FlagSetView?> GetFlagSetAsync() => Task.FromResult(
        state.State.DocumentJson is { } json ? new FlagSetView(json, state.State.Version, state.State.UpdatedAt) : null);

    public Task<FlagView?> GetFlagAsync(string flagKey) => Task.FromResult(
        FlagSetEditor.GetFlag(state.State.DocumentJson, flagKey) is { } json
            ? new FlagView(flagKey, json, FlagSetEditor.FlagEtag(json), state.State.Version)
            : null);

    public Task<EnvironmentSnapshot> GetSnapshotAsync() => Task.FromResult(_snapshot ??= BuildSnapshot());

    public Task<long> GetVersionAsync() => Task.FromResult(state.State.Version);

    public async Task<CreatedApiKey?> CreateKeyAsync(ApiKeyKind kind, ChangeContext change)
    {
        if (!Exists) return null;

        var (project, environment) = GrainKeys.ParseEnvironment(Key);
        var prefix = kind == ApiKeyKind.Server ? ApiKeyFormat.ServerPrefix : ApiKeyFormat.ClientPrefix;
        var (keyId, token) = ApiKeyFormat.Create(prefix, project, environment);
        var now = clock.GetUtcNow();

        var next = state.State.Clone();
        next.Keys.Add(new StoredApiKey { KeyId = keyId, Kind = kind, Sha256Hex = ApiKeyFormat.Sha256Hex(token), CreatedAt = now });
        await CommitAsync(next, change, "key.create", [new AuditChange($"keys/{keyId}", null, KindName(kind))]);
        return new CreatedApiKey(keyId, kind, token, now);
    }

    public Task<IReadOnlyList<ApiKeyInfo>> ListKeysAsync() => Task.FromResult<IReadOnlyList<ApiKeyInfo>>(
        state.State.Keys.Select(k => new ApiKeyInfo(k.KeyId, k.Kind, k.CreatedAt, k.RevokedAt)).ToList());

    public async Task<bool> RevokeKeyAsync(string keyId, ChangeContext change)
    {
        var index = state.State.Keys.FindIndex(k => k.KeyId == keyId && k.RevokedAt is null);
        if (index < 0) return false;

        var next = state.State.Clone();
        next.Keys[index] = next.Keys[index].Revoked(clock.GetUtcNow());
        await CommitAsync(next, change, "key.revoke", [new AuditChange($"keys/{keyId}", KindName(next.Keys[index].Kind), null)]);
        return true;
    }

    public async Task<bool> DeleteAsync(ChangeContext change)
    {
        if (!Exists) return false;

        var next = state.State.Clone();
        var now = clock.GetUtcNow();
        next.DocumentJson = null;
        next.Keys = next.Keys.Select(k => k.RevokedAt is null ? k.Revoked(now) : k).ToList();
        next.CatalogPending = true;
        await CommitAsync(next, change, "environment.delete", ToAudit(FlagSetDiff.Compute(state.State.DocumentJson, null)));
        return true;
    }

    private async Task<FlagSetWriteResult> StoreDocumentAsync(string documentJson, ChangeContext change, string action, string? operationId = null)
    {
        // Strict, and compiled within the rule budget: a rule flagd would load but could never run (unknown operator,
        // dangling $ref), or one that would cost every silo too much, is refused at the door where a person can fix
        // it, instead of answering errors to every device. Parsed and compiled once.
        var parsed = FlagSetCompiler.Compile(documentJson, ValidationMode.Strict, limits.Value.ToRuleLimits());
        if (parsed.Document is null)
        {
            var problems = parsed.Errors.Select(e => new FlagSetProblem(e.Path, e.Message)).ToList();
            return new FlagSetWriteResult(FlagSetWriteStatus.Invalid, state.State.Version, problems);
        }

        // At-most-once edits come only from automation (a release step or rollback, a scheduled change) that a person
        // with write access set up; they pass the approval policy, since holding them would stall a release or keep a
        // guardrail's rollback waiting. Their audit entry names the automation and the person it acts for.
        if (operationId is null && HeldByPolicy(ref change)) return new FlagSetWriteResult(FlagSetWriteStatus.ApprovalRequired, state.State.Version, []);

        var next = state.State.Clone();
        next.DocumentJson = parsed.Document.Json;
        if (!Exists)
        {
            // Listed before it exists, so a crash after the write can never leave it out of the catalog; if the write
            // fails instead, the catalog's unconfirmed entry is removed when it asks this environment about it.
            var (project, environment) = GrainKeys.ParseEnvironment(Key);
            await Catalog.AddAsync(project, environment);
            next.CatalogPending = true;
        }

        await CommitAsync(next, change, action, ToAudit(FlagSetDiff.Compute(state.State.DocumentJson, next.DocumentJson)), operationId);
        return FlagSetWriteResult.Stored(state.State.Version);
    }

    /// <summary>
    /// Persists <paramref name="next"/> as the next version together with its audit entry. Memory only changes after
    /// storage accepted the write, so a failed write (database down) leaves the grain exactly as it was and the caller
    /// sees the failure.
    /// </summary>
    private async Task CommitAsync(EnvironmentState next, ChangeContext change, string action, IReadOnlyList<AuditChange> changes, string? operationId = null)
    {
        using var write = FlagGrainsDiagnostics.ActivitySource.StartActivity("environment.write");
        write?.SetTag("flaggrains.environment", Key);
        write?.SetTag("flaggrains.action", action);
        var previous = state.State;
        next.Version = previous.Version + 1;
        next.UpdatedAt = clock.GetUtcNow();
        var entry = StoredAudit.Normalize(new AuditEntry($"{Key}:{next.Version}", Key, action, next.UpdatedAt, change, next.Version, changes));
        next.PendingAudit.Add(entry);
        next.PendingEvents.AddRange(EnvironmentEvents.FromAudit(entry));
        if (operationId is not null)
        {
            next.AppliedOperations.Add(new AppliedOperation { OperationId = operationId, Version = next.Version });
            if (next.AppliedOperations.Count > AppliedOperationWindow) next.AppliedOperations.RemoveRange(0, next.AppliedOperations.Count - AppliedOperationWindow);
        }

        state.State = next;
        try
        {
            using (FlagGrainsDiagnostics.ActivitySource.StartActivity("environment.persist"))
            {
                await state.WriteStateAsync();
            }
        }
        catch (Exception ex)
        {
            state.State = previous;
            write?.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
            throw;
        }

        write?.SetTag("flaggrains.version", next.Version);
        _snapshot = null;
        await FollowUpAsync();
        using (FlagGrainsDiagnostics.ActivitySource.StartActivity("environment.publish"))
        {
            await AnnounceAsync(next.Version, next.UpdatedAt);
        }

        Events.ForwardSoon();
    }

    /// <summary>
    /// What a stored change still owes others: its outbox entries to the audit log, and its existence (or deletion) to
    /// the catalog. Done after each write and on activation; while something is still owed, retried by a timer. Done
    /// items leave the state in memory now and in storage with the next write; if that never comes, the next
    /// activation repeats them, and both the log and the catalog ignore repeats.
    /// </summary>
    private async Task FollowUpAsync()
    {
        var forwarded = await AuditOutbox.ForwardAsync(GrainFactory, Key, state.State.PendingAudit, ex => LogAuditDeferred(logger, ex, Key, state.State.PendingAudit.Count));
        var cataloged = await SyncCatalogAsync();
        if (forwarded && cataloged)
        {
            _followUpRetry?.Dispose();
            _followUpRetry = null;
        }
        else
        {
            _followUpRetry ??= this.RegisterGrainTimer(_ => FollowUpAsync(), FollowUpRetry, FollowUpRetry);
        }
    }

    private async Task<bool> SyncCatalogAsync()
    {
        if (!state.State.CatalogPending) return true;
        try
        {
            var (project, environment) = GrainKeys.ParseEnvironment(Key);
            if (Exists) await Catalog.ConfirmAsync(project, environment);
            else await Catalog.RemoveAsync(project, environment);
            state.State.CatalogPending = false;
            return true;
        }
        catch (Exception ex)
        {
            LogCatalogDeferred(logger, ex, Key);
            return false;
        }
    }

    private async Task AnnounceAsync(long version, DateTimeOffset writtenAt)
    {
        var bump = new VersionBump(Key, version, writtenAt, Activity.Current?.Id);
        try
        {
            gateways.Announce(bump, _snapshot ??= BuildSnapshot());
            var stream = this.GetStreamProvider(ProviderNames.Streams)
                .GetStream<VersionBump>(StreamId.Create(ProviderNames.VersionBumpNamespace, Key));
            await stream.OnNextAsync(bump);
        }
        catch (Exception ex)
        {
            // The write is durable already; gateways' periodic version check picks it up without the bump.
            LogAnnounceFailed(logger, ex, Key, version);
        }
    }

    private bool MatchesFlagEtag(string flagKey, string? expectedEtag)
    {
        if (expectedEtag is null) return true;
        var current = FlagSetEditor.GetFlag(state.State.DocumentJson, flagKey);
        return current is not null && FlagSetEditor.FlagEtag(current) == expectedEtag;
    }

    private FlagSetWriteResult Conflict() => new(FlagSetWriteStatus.VersionConflict, state.State.Version, []);

    private static IReadOnlyList<AuditChange> ToAudit(IReadOnlyList<ItemChange> changes) =>
        changes.Select(c => new AuditChange(c.Item, c.Before, c.After)).ToList();

    /// <summary>Audit values are JSON, like flag definitions, so readers parse every change the same way.</summary>
    private static string KindName(ApiKeyKind kind) => kind == ApiKeyKind.Server ? "\"server\"" : "\"client\"";

    private EnvironmentSnapshot BuildSnapshot()
    {
        var keys = state.State.Keys
            .Where(k => k.RevokedAt is null)
            .Select(k => new ApiKeyDigest(k.KeyId, k.Kind, k.Sha256Hex))
            .ToList();
        return new EnvironmentSnapshot(Key, state.State.Version, state.State.DocumentJson, keys, state.State.UpdatedAt);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Version bump {Version} of {Environment} was not announced; gateways will find it by polling")]
    private static partial void LogAnnounceFailed(ILogger logger, Exception ex, string environment, long version);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The catalog entry of {Environment} is settled later: the catalog is not reachable")]
    private static partial void LogCatalogDeferred(ILogger logger, Exception ex, string environment);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} audit entries of {Environment} stay in its outbox until the audit log is reachable")]
    private static partial void LogAuditDeferred(ILogger logger, Exception ex, string environment, int count);
}
