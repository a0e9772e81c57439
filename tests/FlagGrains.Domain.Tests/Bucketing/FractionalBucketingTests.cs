using System.Text;
using FlagGrains.Domain.Bucketing;

namespace FlagGrains.Domain.Tests.Bucketing;

/// <summary>Golden vectors for flagd's v2 bucketing: bucket = (hash × totalWeight) &gt;&gt; 32 over cumulative weights.</summary>
public sealed class FractionalBucketingTests
{
    [Theory]
    [InlineData(0x00000000u, 0)]
    [InlineData(0x7FFFFFFFu, 0)]
    [InlineData(0x80000000u, 1)]
    [InlineData(0xFFFFFFFFu, 1)]
    public void Even_split_cuts_at_half_the_hash_range(uint hash, int expected) =>
        Assert.Equal(expected, FractionalBucketing.SelectBucket(hash, [50, 50]));

    [Fact]
    public void Top_hash_lands_in_the_last_weighted_bucket() =>
        Assert.Equal(2, FractionalBucketing.SelectBucket(0xFFFFFFFFu, [1, 1, 1, 0]));

    [Fact]
    public void Zero_weight_buckets_are_never_chosen()
    {
        for (var hash = 0u; hash < 0xFFFF0000u; hash += 0x0FFF0001u)
        {
            Assert.Equal(1, FractionalBucketing.SelectBucket(hash, [0, 7, 0]));
        }
    }

    [Fact]
    public void A_weight_of_one_in_max_total_still_gets_traffic()
    {
        Assert.Equal(0, FractionalBucketing.SelectBucket(0u, [1, int.MaxValue - 1]));
        Assert.Equal(0, FractionalBucketing.SelectBucket(2u, [1, int.MaxValue - 1]));
        Assert.Equal(1, FractionalBucketing.SelectBucket(4u, [1, int.MaxValue - 1]));
    }

    [Fact]
    public void Unusable_weights_select_nothing()
    {
        Assert.Equal(-1, FractionalBucketing.SelectBucket(5u, [0, 0]));
        Assert.Equal(-1, FractionalBucketing.SelectBucket(5u, []));
        Assert.Equal(-1, FractionalBucketing.SelectBucket(5u, [int.MaxValue, 1]));
        Assert.Equal(-1, FractionalBucketing.SelectBucket(5u, [-1, 3]));
    }

    /// <summary>From the test bed (fractional-flag: cat($flagd.flagKey, user.name), four buckets of 25).</summary>
    [Theory]
    [InlineData("jack", 2)]
    [InlineData("queen", 3)]
    [InlineData("ten", 0)]
    [InlineData("nine", 1)]
    [InlineData("3", 0)]
    public void Testbed_fractional_flag_vectors(string name, int expectedBucket)
    {
        var hash = FractionalBucketing.HashKey(Encoding.UTF8.GetBytes("fractional-flag"), name);
        Assert.Equal(expectedBucket, FractionalBucketing.SelectBucket(hash, [25, 25, 25, 25]));
    }

    [Fact]
    public void Default_bucketing_key_is_flag_key_then_targeting_key()
    {
        var hash = FractionalBucketing.HashKey(Encoding.UTF8.GetBytes("fractional-flag-shorthand"), "jon@company.com");
        Assert.Equal(0x24D687A4u, hash);
        Assert.Equal(MurmurHash3.Hash32(Encoding.UTF8.GetBytes("fractional-flag-shorthandjon@company.com")), hash);
    }

    [Theory]
    [InlineData(10_000, "é")]
    [InlineData(127, "🚀🚀")]
    [InlineData(126, "🚀")]
    [InlineData(125, "\uD83D")]
    [InlineData(0, "\uDE00x")]
    public void Keys_hash_as_their_utf8_bytes_whatever_their_length(int padding, string tail)
    {
        // Hashing encodes in chunks; chunk edges must not change the bytes (lone surrogates become U+FFFD).
        var text = new string('x', padding) + System.Text.RegularExpressions.Regex.Unescape(tail);
        Assert.Equal(MurmurHash3.Hash32(Encoding.UTF8.GetBytes("k" + text)), FractionalBucketing.HashKey("k"u8, text));
    }

    [Fact]
    public void Incremental_hashing_matches_one_shot_hashing_for_every_split()
    {
        var data = Encoding.UTF8.GetBytes("The quick brown fox jumps over the lazy dog");
        for (var split = 0; split <= data.Length; split++)
        {
            var state = new MurmurHash3.Incremental(0);
            state.Append(data.AsSpan(0, split));
            state.Append(data.AsSpan(split));
            Assert.Equal(0x2E4FF723u, state.Finish());
        }
    }
}
