using System.Diagnostics;
using FlagGrains.Contracts.Environments;
using FlagGrains.Domain.Model;
using FlagGrains.Serving.Snapshots;

namespace FlagGrains.Serving.Following;

/// <summary>
/// Keeps one environment's snapshot current in one place (a silo's gateway, an Orleans client): a version bump or a
/// timer asks it to catch up; it checks the environment's version, pulls the snapshot when newer, compiles it and
/// publishes it if it is newer than what the sink holds. Bumps are only hints; versions only move forward. The steps
/// are separate methods so a cheaper pull (a delta, a snapshot carried by the bump) can replace one without the rest.
/// </summary>
public sealed class SnapshotFollower(string environmentKey, IGrainFactory grains, ISnapshotSink sink, RuleLimits limits, SnapshotFollowerSettings settings)
{
    private IEnvironmentGrain Environment => grains.GetGrain<IEnvironmentGrain>(EnvironmentKey);

    public string EnvironmentKey { get; } = environmentKey;

    /// <summary>True when an announced version is newer than the one held: worth a catch-up.</summary>
    public bool IsBehind(long announcedVersion) => announcedVersion > sink.HeldVersion;

    /// <summary>
    /// One round: version check (skipped when nothing is held), pull, compile, publish. A <paramref name="carried"/>
    /// snapshot (sent along with its bump) stands in for the check and the pull.
    /// </summary>
    public async Task<CatchUp> CatchUpAsync(ActivityContext? cause = null, EnvironmentSnapshot? carried = null, CancellationToken cancellationToken = default)
    {
        var held = sink.HeldVersion;
        if (carried is not null && carried.Version <= held) return new CatchUp(CatchUpOutcome.Current, carried.Version, held, null);
        if (held >= 0 && carried is null)
        {
            var reported = await CheckVersionAsync(cancellationToken);
            if (reported <= held) return new CatchUp(reported < held ? CatchUpOutcome.Older : CatchUpOutcome.Current, reported, held, null);
        }

        // Only a round that finds a new version is traced; the periodic check would be one span per follower per tick.
        using var refresh = FlagGrainsDiagnostics.ActivitySource.StartActivity(
            settings.SpanPrefix + ".refresh", ActivityKind.Internal, default(ActivityContext), links: cause is { } link ? [new ActivityLink(link)] : null);
        refresh?.SetTag("flaggrains.environment", EnvironmentKey);

        var pulled = carried ?? await PullTracedAsync(cancellationToken);

        if (pulled.Version <= sink.HeldVersion) return new CatchUp(CatchUpOutcome.Current, pulled.Version, held, null);

        ServingSnapshot compiled;
        using (FlagGrainsDiagnostics.ActivitySource.StartActivity(settings.SpanPrefix + ".compile"))
        {
            compiled = Compile(pulled);
        }

        using (FlagGrainsDiagnostics.ActivitySource.StartActivity(settings.SpanPrefix + ".publish"))
        {
            if (!sink.Publish(compiled)) return new CatchUp(CatchUpOutcome.Unwanted, pulled.Version, held, null);
        }

        refresh?.SetTag("flaggrains.version", pulled.Version);
        return new CatchUp(CatchUpOutcome.Advanced, pulled.Version, held, compiled);
    }

    /// <summary>The environment's current version (a read-only grain call).</summary>
    public Task<long> CheckVersionAsync(CancellationToken cancellationToken = default) =>
        Bounded(Environment.GetVersionAsync(), cancellationToken);

    // A carried snapshot is not pulled, so only a real pull gets the span.
    private async Task<EnvironmentSnapshot> PullTracedAsync(CancellationToken cancellationToken)
    {
        using var pull = FlagGrainsDiagnostics.ActivitySource.StartActivity(settings.SpanPrefix + ".pull");
        return await PullAsync(cancellationToken);
    }

    /// <summary>The environment's whole snapshot at its current version.</summary>
    public Task<EnvironmentSnapshot> PullAsync(CancellationToken cancellationToken = default) =>
        Bounded(Environment.GetSnapshotAsync(), cancellationToken);

    public ServingSnapshot Compile(EnvironmentSnapshot pulled) => ServingSnapshot.Compile(pulled, limits, settings.KeepKeys);

    private Task<T> Bounded<T>(Task<T> call, CancellationToken cancellationToken) =>
        settings.CallTimeout is { } timeout ? call.WaitAsync(timeout, cancellationToken) : call.WaitAsync(cancellationToken);
}

/// <summary>How a follower talks to the cluster and what it keeps.</summary>
/// <param name="SpanPrefix">Names its trace spans (<c>gateway.pull</c>, <c>client.pull</c>…).</param>
/// <param name="KeepKeys">Silos keep key digests to verify API keys; Orleans clients evaluate without keys.</param>
/// <param name="CallTimeout">Bound on each grain call beyond Orleans' own response timeout (clients keep theirs short).</param>
public sealed record SnapshotFollowerSettings(string SpanPrefix, bool KeepKeys, TimeSpan? CallTimeout = null);
