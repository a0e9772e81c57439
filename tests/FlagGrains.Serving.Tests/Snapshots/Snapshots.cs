using FlagGrains.Contracts.Environments;
using FlagGrains.Domain.Model;
using FlagGrains.Serving.Snapshots;

namespace FlagGrains.Serving.Tests.Snapshots;

internal static class Snapshots
{
    public const string Document = """{"flags": {"f": {"state": "ENABLED", "variants": {"on": true, "off": false}, "defaultVariant": "on"}}}""";

    public static ServingSnapshot At(string environmentKey, long version) =>
        ServingSnapshot.Compile(new EnvironmentSnapshot(environmentKey, version, Document, [], DateTimeOffset.UnixEpoch), RuleLimits.Default);
}
