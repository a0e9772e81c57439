using FlagGrains.Contracts.Access;
using FlagGrains.Contracts.Audit;
using FlagGrains.Contracts.Environments;
using FlagGrains.Grains.Tests.TestSupport;

namespace FlagGrains.Grains.Tests.Environments;

[Collection(ClusterCollection.Name)]
public sealed class FlagEditingTests(ClusterFixture fixture)
{
    private const string OnFlag = """{"state":"ENABLED","variants":{"on":true,"off":false},"defaultVariant":"on"}""";
    private const string OffFlag = """{"state":"ENABLED","variants":{"on":true,"off":false},"defaultVariant":"off"}""";

    private (IEnvironmentGrain Grain, string Key) NewEnvironment()
    {
        var key = FlagDocuments.NewEnvironmentKey();
        return (fixture.Cluster.Client.GetGrain<IEnvironmentGrain>(key), key);
    }

    [Fact]
    public async Task Editing_one_flag_keeps_the_others_and_bumps_the_version()
    {
        var (environment, _) = NewEnvironment();
        await environment.PutFlagSetAsync(FlagDocuments.BooleanFlag("a", true), null, FlagDocuments.Change);

        var result = await environment.PutFlagAsync("b", OffFlag, null, FlagDocuments.Change);

        Assert.Equal((FlagSetWriteStatus.Stored, 2L), (result.Status, result.Version));
        Assert.NotNull(await environment.GetFlagAsync("a"));
        Assert.Contains("\"off\"", (await environment.GetFlagAsync("b"))!.FlagJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Flag_etag_only_conflicts_when_that_flag_changed()
    {
        var (environment, _) = NewEnvironment();
        await environment.PutFlagAsync("a", OnFlag, null, FlagDocuments.Change);
        await environment.PutFlagAsync("b", OnFlag, null, FlagDocuments.Change);
        var etagOfA = (await environment.GetFlagAsync("a"))!.ETag;

        await environment.PutFlagAsync("b", OffFlag, null, FlagDocuments.Change);
        var editOfA = await environment.PutFlagAsync("a", OffFlag, etagOfA, FlagDocuments.Change);
        var staleEditOfA = await environment.PutFlagAsync("a", OnFlag, etagOfA, FlagDocuments.Change);

        Assert.Equal(FlagSetWriteStatus.Stored, editOfA.Status);
        Assert.Equal(FlagSetWriteStatus.VersionConflict, staleEditOfA.Status);
    }

    [Fact]
    public async Task Deleting_a_missing_flag_is_not_found()
    {
        var (environment, _) = NewEnvironment();
        await environment.PutFlagAsync("a", OnFlag, null, FlagDocuments.Change);

        Assert.Equal(FlagSetWriteStatus.NotFound, (await environment.DeleteFlagAsync("zzz", null, FlagDocuments.Change)).Status);
        Assert.Equal(FlagSetWriteStatus.Stored, (await environment.DeleteFlagAsync("a", null, FlagDocuments.Change)).Status);
        Assert.Null(await environment.GetFlagAsync("a"));
    }

    [Fact]
    public async Task Every_change_is_audited_with_actor_and_before_after()
    {
        var (environment, key) = NewEnvironment();
        var alice = new ChangeContext("tok-alice", "alice", "req-42", "10.1.2.3");
        await environment.PutFlagAsync("a", OnFlag, null, alice);
        await environment.PutFlagAsync("a", OffFlag, null, alice);
        var created = await environment.CreateKeyAsync(ApiKeyKind.Client, alice);
        await environment.RevokeKeyAsync(created!.KeyId, alice);

        var page = await fixture.Cluster.Client.GetGrain<IAuditLogGrain>(key).ReadAsync(null, 10, null);
        var flagHistory = await fixture.Cluster.Client.GetGrain<IAuditLogGrain>(key).ReadAsync(null, 10, "flags/a");

        Assert.Equal(["key.revoke", "key.create", "flag.put", "flag.put"], page.Entries.Select(e => e.Action));
        Assert.All(page.Entries, e => Assert.Equal(alice, e.Actor));
        Assert.Equal(2, flagHistory.Entries.Count);
        var latest = Assert.Single(flagHistory.Entries[0].Changes);
        Assert.Contains("\"on\"", latest.Before, StringComparison.Ordinal);
        Assert.Contains("\"defaultVariant\":\"off\"", latest.After, StringComparison.Ordinal);
        Assert.Null(flagHistory.Entries[1].Changes[0].Before);
    }

    [Fact]
    public async Task Audit_pages_walk_back_through_segments()
    {
        var (environment, key) = NewEnvironment();
        for (var i = 0; i < 130; i++)
        {
            await environment.PutFlagAsync("a", i % 2 == 0 ? OnFlag : OffFlag, null, FlagDocuments.Change);
        }

        var log = fixture.Cluster.Client.GetGrain<IAuditLogGrain>(key);
        var seen = new List<long?>();
        long? cursor = null;
        do
        {
            var page = await log.ReadAsync(cursor, 50, null);
            seen.AddRange(page.Entries.Select(e => e.Version));
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        Assert.Equal(Enumerable.Range(1, 130).Reverse().Select(v => (long?)v), seen);
    }

    [Fact]
    public async Task Revoked_key_leaves_the_snapshot_and_deleted_environment_has_no_rules()
    {
        var (environment, _) = NewEnvironment();
        await environment.PutFlagAsync("a", OnFlag, null, FlagDocuments.Change);
        var created = await environment.CreateKeyAsync(ApiKeyKind.Server, FlagDocuments.Change);

        Assert.True(await environment.RevokeKeyAsync(created!.KeyId, FlagDocuments.Change));
        Assert.Empty((await environment.GetSnapshotAsync()).Keys);
        Assert.False(await environment.RevokeKeyAsync(created.KeyId, FlagDocuments.Change));

        Assert.True(await environment.DeleteAsync(FlagDocuments.Change));
        Assert.False((await environment.GetSnapshotAsync()).Exists);
        Assert.Null(await environment.CreateKeyAsync(ApiKeyKind.Client, FlagDocuments.Change));
    }
}
