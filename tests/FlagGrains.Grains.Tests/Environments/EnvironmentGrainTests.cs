using FlagGrains.Contracts.Access;
using FlagGrains.Contracts.Environments;
using FlagGrains.Grains.Tests.TestSupport;

namespace FlagGrains.Grains.Tests.Environments;

[Collection(ClusterCollection.Name)]
public sealed class EnvironmentGrainTests(ClusterFixture fixture)
{
    private IEnvironmentGrain NewEnvironment() => fixture.Cluster.Client.GetGrain<IEnvironmentGrain>(FlagDocuments.NewEnvironmentKey());

    [Fact]
    public async Task Invalid_document_is_refused_with_its_path_and_nothing_is_stored()
    {
        var environment = NewEnvironment();
        var result = await environment.PutFlagSetAsync("""{"flags":{"f":{"state":"ENABLED","variants":{"a":true},"defaultVariant":"missing"}}}""", null, FlagDocuments.Change);

        Assert.Equal(FlagSetWriteStatus.Invalid, result.Status);
        Assert.Contains(result.Problems, p => p.Path.Contains("defaultVariant", StringComparison.Ordinal));
        Assert.Null(await environment.GetFlagSetAsync());
        Assert.Equal(0, await environment.GetVersionAsync());
    }

    [Theory]
    [InlineData("""{"flags":{"f":{"state":"ENABLED","variants":{"a":true,"b":false},"defaultVariant":"a","targeting":{"no_such_op":[1]}}}}""", "targeting")]
    [InlineData("""{"flags":{"f":{"state":"ENABLED","variants":{"a":true,"b":false},"defaultVariant":"a","targeting":{"$ref":"missing"}}}}""", "targeting")]
    [InlineData("""{"flags":{"f":{"state":"ENABLED","variants":{"a":true,"b":"x"},"defaultVariant":"a"}}}""", "variants")]
    public async Task Rules_that_could_never_run_are_refused_on_write(string document, string pathFragment)
    {
        var result = await NewEnvironment().PutFlagSetAsync(document, null, FlagDocuments.Change);

        Assert.Equal(FlagSetWriteStatus.Invalid, result.Status);
        Assert.Contains(result.Problems, p => p.Path.Contains("$.flags.f", StringComparison.Ordinal) && p.Path.Contains(pathFragment, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Every_accepted_write_bumps_the_version_once()
    {
        var environment = NewEnvironment();
        var first = await environment.PutFlagSetAsync(FlagDocuments.BooleanFlag("a", true), null, FlagDocuments.Change);
        var second = await environment.PutFlagSetAsync(FlagDocuments.BooleanFlag("a", false), null, FlagDocuments.Change);

        Assert.Equal((1, 2), (first.Version, second.Version));
        Assert.Equal(2, (await environment.GetFlagSetAsync())!.Version);
    }

    [Fact]
    public async Task Stale_expected_version_is_a_conflict_and_changes_nothing()
    {
        var environment = NewEnvironment();
        await environment.PutFlagSetAsync(FlagDocuments.BooleanFlag("a", true), null, FlagDocuments.Change);
        await environment.PutFlagSetAsync(FlagDocuments.BooleanFlag("a", false), null, FlagDocuments.Change);

        var stale = await environment.PutFlagSetAsync(FlagDocuments.BooleanFlag("b", true), expectedVersion: 1, FlagDocuments.Change);

        Assert.Equal(FlagSetWriteStatus.VersionConflict, stale.Status);
        Assert.Contains("\"a\"", (await environment.GetFlagSetAsync())!.DocumentJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Created_key_is_returned_once_and_only_its_hash_reaches_the_snapshot()
    {
        var environment = NewEnvironment();
        await environment.PutFlagSetAsync(FlagDocuments.BooleanFlag("a", true), null, FlagDocuments.Change);

        var key = (await environment.CreateKeyAsync(ApiKeyKind.Client, FlagDocuments.Change))!;
        var snapshot = await environment.GetSnapshotAsync();

        var digest = Assert.Single(snapshot.Keys);
        Assert.Equal(key.KeyId, digest.KeyId);
        Assert.DoesNotContain(key.Secret.Split('.')[^1], digest.Sha256Hex, StringComparison.Ordinal);
        Assert.Equal(64, digest.Sha256Hex.Length);
    }
}
