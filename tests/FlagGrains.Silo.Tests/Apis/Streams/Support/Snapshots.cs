using FlagGrains.Contracts.Access;
using FlagGrains.Contracts.Environments;
using FlagGrains.Domain.Model;
using FlagGrains.Serving.Snapshots;
using FlagGrains.Silo.Tests.TestSupport;

namespace FlagGrains.Silo.Tests.Apis.Streams.Support;

/// <summary>Compiled gateway snapshots for feeding the hub directly.</summary>
public static class Snapshots
{
    public static ServingSnapshot WithoutKeys(string environmentKey, long version) =>
        ServingSnapshot.Compile(new EnvironmentSnapshot(environmentKey, version, Documents.Mixed, [], DateTimeOffset.UnixEpoch.AddYears(56)), RuleLimits.Default);

    public static ServingSnapshot WithKeys(string environmentKey, long version, params string[] keyIds) =>
        ServingSnapshot.Compile(new EnvironmentSnapshot(
            environmentKey,
            version,
            Documents.Mixed,
            [.. keyIds.Select(id => new ApiKeyDigest(id, ApiKeyKind.Client, new string('0', 64)))],
            DateTimeOffset.UnixEpoch.AddYears(56)), RuleLimits.Default);
}
