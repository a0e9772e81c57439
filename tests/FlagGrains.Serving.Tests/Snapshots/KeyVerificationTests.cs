using FlagGrains.Contracts.Access;
using FlagGrains.Contracts.Environments;
using FlagGrains.Domain.Access;
using FlagGrains.Domain.Model;
using FlagGrains.Serving.Snapshots;
using Xunit;

namespace FlagGrains.Serving.Tests.Snapshots;

/// <summary>The last verified token is remembered to skip a hash; a near miss must still be refused.</summary>
public sealed class KeyVerificationTests
{
    private readonly (string KeyId, string Token) _key = ApiKeyFormat.Create(ApiKeyFormat.ClientPrefix, "shop", "prod");

    private ServingSnapshot Snapshot() => ServingSnapshot.Compile(
        new EnvironmentSnapshot("shop/prod", 1, Snapshots.Document, [new ApiKeyDigest(_key.KeyId, ApiKeyKind.Client, ApiKeyFormat.Sha256Hex(_key.Token))], DateTimeOffset.UnixEpoch),
        RuleLimits.Default);

    [Fact]
    public void The_right_token_verifies_again_and_again()
    {
        var snapshot = Snapshot();
        for (var i = 0; i < 3; i++)
        {
            Assert.True(Verify(snapshot, _key.Token, out var kind));
            Assert.Equal(ApiKeyKind.Client, kind);
        }
    }

    [Fact]
    public void An_active_key_id_is_shared_from_the_snapshot_and_an_unknown_one_is_not()
    {
        var snapshot = Snapshot();
        var presented = new string(_key.KeyId.AsSpan());

        var shared = snapshot.SharedKeyId(presented);

        Assert.Equal(_key.KeyId, shared);
        Assert.NotSame(presented, shared);
        Assert.Same(shared, snapshot.SharedKeyId(new string(_key.KeyId.AsSpan())));
        Assert.Null(snapshot.SharedKeyId("unknown"));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(7)]
    public void A_token_one_character_off_the_remembered_one_is_refused(int fromEnd)
    {
        var snapshot = Snapshot();
        Assert.True(Verify(snapshot, _key.Token, out _));

        var chars = _key.Token.ToCharArray();
        var at = chars.Length - 1 - fromEnd;
        chars[at] = chars[at] == 'A' ? 'B' : 'A';
        Assert.False(Verify(snapshot, new string(chars), out _));
        Assert.False(Verify(snapshot, _key.Token + "A", out _));

        // The refusal did not replace what was remembered: the right token still verifies.
        Assert.True(Verify(snapshot, _key.Token, out _));
    }

    private static bool Verify(ServingSnapshot snapshot, string token, out ApiKeyKind kind)
    {
        if (!ApiKeyFormat.TryParse(token, out var parsed))
        {
            kind = default;
            return false;
        }

        return snapshot.TryVerifyKey(token, parsed, out kind);
    }
}
