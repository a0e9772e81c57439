using FlagGrains.Contracts.Access;
using FlagGrains.Contracts.Environments;
using FlagGrains.Grains.Gateways;
using FlagGrains.Silo.Tests.TestSupport;

namespace FlagGrains.Silo.Tests.Apis.Streams.Support;

/// <summary>Compiled gateway snapshots for feeding the hub directly.</summary>
public static class Snapshots
{
    public static GatewaySnapshot WithoutKeys(string environmentKey, long version) =>
        GatewaySnapshot.Compile(new EnvironmentSnapshot(environmentKey, version, Documents.Mixed, [], DateTimeOffset.UnixEpoch.AddYears(56)));

    public static GatewaySnapshot WithKeys(string environmentKey, long version, params string[] keyIds) =>
        GatewaySnapshot.Compile(new EnvironmentSnapshot(
            environmentKey,
            version,
            Documents.Mixed,
            [.. keyIds.Select(id => new ApiKeyDigest(id, ApiKeyKind.Client, new string('0', 64)))],
            DateTimeOffset.UnixEpoch.AddYears(56)));
}
