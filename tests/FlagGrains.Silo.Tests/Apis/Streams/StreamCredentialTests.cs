using FlagGrains.Silo.Apis.Streams;

namespace FlagGrains.Silo.Tests.Apis.Streams;

public sealed class StreamCredentialTests
{
    private static readonly byte[] Key = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 10, 20, 0, TimeSpan.Zero);

    [Fact]
    public void A_credential_grants_its_environment_and_key_until_it_expires()
    {
        var token = StreamCredential.Issue(Key, "shop/prod", "AbC-_9", Now.AddMinutes(30));

        Assert.True(StreamCredential.TryVerify(Key, token, Now, out var claims));
        Assert.Equal(("shop/prod", "AbC-_9", Now.AddMinutes(30)), (claims.EnvironmentKey, claims.KeyId, claims.Expires));
        Assert.False(StreamCredential.TryVerify(Key, token, Now.AddMinutes(30), out _));
    }

    [Fact]
    public void Another_clusters_key_does_not_verify()
    {
        var token = StreamCredential.Issue(Key, "shop/prod", "key1", Now.AddHours(1));
        var otherKey = Key.Reverse().ToArray();

        Assert.False(StreamCredential.TryVerify(otherKey, token, Now, out _));
    }

    [Fact]
    public void Credentials_issued_within_one_window_are_identical_and_live_one_to_two_windows()
    {
        var lifetime = TimeSpan.FromHours(1);
        var early = StreamCredential.ExpiryFor(new DateTimeOffset(2026, 3, 1, 10, 0, 1, TimeSpan.Zero), lifetime);
        var late = StreamCredential.ExpiryFor(new DateTimeOffset(2026, 3, 1, 10, 59, 59, TimeSpan.Zero), lifetime);

        Assert.Equal(early, late);
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero), early);
        Assert.Equal(StreamCredential.Issue(Key, "shop/prod", "k", early), StreamCredential.Issue(Key, "shop/prod", "k", late));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("fst1")]
    [InlineData("fst1.shop.prod.key1.1800000000")]
    [InlineData("fst2.shop.prod.key1.1800000000.AAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("fst1.Shop.prod.key1.1800000000.AAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("fst1.shop.prod.key1.-5.AAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("fst1.shop.prod.key1.1800000000.AAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("fst1.shop.prod.key1.1800000000.!!!")]
    [InlineData("fst1.shop.prod..1800000000.AAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("fst1.shop.prod.key1.99999999999999999999999.AAAAAAAAAAAAAAAAAAAAAA")]
    public void Hostile_tokens_are_refused_without_throwing(string? token) =>
        Assert.False(StreamCredential.TryVerify(Key, token, Now, out _));

    [Fact]
    public void Changing_any_field_breaks_the_signature()
    {
        var parts = StreamCredential.Issue(Key, "shop/prod", "key1", Now.AddHours(1)).Split('.');
        for (var field = 1; field <= 4; field++)
        {
            var forged = (string[])parts.Clone();
            forged[field] = field == 4 ? (long.Parse(forged[4], System.Globalization.CultureInfo.InvariantCulture) + 1).ToString(System.Globalization.CultureInfo.InvariantCulture) : forged[field] + "x";
            Assert.False(StreamCredential.TryVerify(Key, string.Join('.', forged), Now, out _), $"field {field}");
        }
    }
}
