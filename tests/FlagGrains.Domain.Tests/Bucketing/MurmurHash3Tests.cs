using System.Text;
using FlagGrains.Domain.Bucketing;

namespace FlagGrains.Domain.Tests.Bucketing;

/// <summary>Pins MurmurHash3 x86_32 to published vectors; every flagd provider must hash identically.</summary>
public sealed class MurmurHash3Tests
{
    [Theory]
    [InlineData("", 0u, 0x00000000u)]
    [InlineData("", 1u, 0x514E28B7u)]
    [InlineData("", 0xFFFFFFFFu, 0x81F16F39u)]
    [InlineData("test", 0u, 0xBA6BD213u)]
    [InlineData("Hello, world!", 0u, 0xC0363E43u)]
    [InlineData("The quick brown fox jumps over the lazy dog", 0u, 0x2E4FF723u)]
    [InlineData("aaaa", 0x9747B28Cu, 0x5A97808Au)]
    [InlineData("abc", 0x9747B28Cu, 0xC84A62DDu)]
    [InlineData("Hello, world!", 0x9747B28Cu, 0x24884CBAu)]
    public void Published_vectors(string input, uint seed, uint expected) =>
        Assert.Equal(expected, MurmurHash3.Hash32(Encoding.UTF8.GetBytes(input), seed));

    [Fact]
    public void Four_zero_bytes() => Assert.Equal(0x2362F9DEu, MurmurHash3.Hash32(new byte[4]));

    /// <summary>The test bed's brute-forced keys whose hashes sit on the bucketing boundaries.</summary>
    [Theory]
    [InlineData("ejOoVL", 0x00000000u)]
    [InlineData("bY9fO-", 0x00000001u)]
    [InlineData("SI7p-", 0x7FFFFFFFu)]
    [InlineData("6LvT0", 0x80000000u)]
    [InlineData("ceQdGm", 0xFFFFFFFFu)]
    public void Testbed_boundary_keys(string key, uint expected) =>
        Assert.Equal(expected, MurmurHash3.Hash32(Encoding.UTF8.GetBytes(key)));

    [Fact]
    public void Hashes_utf8_bytes_not_utf16() =>
        Assert.Equal(0xB9617473u, MurmurHash3.Hash32(Encoding.UTF8.GetBytes("héllo wörld 🚀")));

    [Fact]
    public void A_prefix_state_finished_with_more_bytes_hashes_like_the_whole_input()
    {
        var whole = Encoding.UTF8.GetBytes("bench-flag-00user-12345é日😀");
        for (var split = 0; split <= whole.Length; split++)
        {
            for (var end = split; end <= whole.Length; end++)
            {
                var prefix = new MurmurHash3.Incremental(0);
                prefix.Append(whole.AsSpan(0, split));

                Assert.Equal(MurmurHash3.Hash32(whole.AsSpan(0, end)), prefix.FinishWith(whole.AsSpan(split, end - split)));
            }
        }
    }
}
