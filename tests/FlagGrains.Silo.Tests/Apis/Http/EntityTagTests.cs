using FlagGrains.Silo.Apis.Http;

namespace FlagGrains.Silo.Tests.Apis.Http;

public sealed class EntityTagTests
{
    [Theory]
    [InlineData(0L, "\"0-00ff10abcdef\"")]
    [InlineData(long.MaxValue, "\"9223372036854775807-00ff10abcdef\"")]
    public void A_bulk_tag_is_the_version_and_the_lowercase_hex_digest_in_quotes(long version, string expected)
    {
        Assert.Equal(expected, EntityTag.ForBulk(version, [0x00, 0xff, 0x10, 0xab, 0xcd, 0xef]));
    }

    [Fact]
    public void A_bulk_tag_names_its_version_for_a_silo_that_may_be_behind()
    {
        Assert.True(EntityTag.TryReadNewestBulkVersion(EntityTag.ForBulk(42, new byte[12]), out var version));
        Assert.Equal(42, version);
    }
}
