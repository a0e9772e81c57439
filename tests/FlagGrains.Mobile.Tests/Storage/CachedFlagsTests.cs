using System.Text;
using System.Text.Json;
using FlagGrains.Mobile.Evaluation;
using FlagGrains.Mobile.Storage;

namespace FlagGrains.Mobile.Tests.Storage;

public sealed class CachedFlagsTests
{
    [Fact]
    public void An_entry_round_trips()
    {
        var flags = new[]
        {
            new FlagEvaluation("a", JsonDocument.Parse("{\"x\":[1,2]}").RootElement.Clone(), "TARGETING_MATCH", "v1", null, null),
            new FlagEvaluation("b", null, "DISABLED", null, null, null),
        };
        var entry = new CachedFlags("fp", "\"3-abc\"", new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero), flags);

        var read = CachedFlags.Deserialize(entry.Serialize())!;

        Assert.Equal(("fp", "\"3-abc\"", entry.WrittenAt), (read.ContextFingerprint, read.ETag, read.WrittenAt));
        Assert.True(read.Flags[0].SameAs(flags[0]));
        Assert.True(read.Flags[1].SameAs(flags[1]));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("{\"format\":2,\"context\":\"fp\",\"writtenAt\":\"2026-01-01T00:00:00Z\",\"flags\":[]}")]
    [InlineData("{\"format\":1}")]
    [InlineData("[]")]
    public void Anything_else_is_a_miss_not_a_crash(string content) => Assert.Null(CachedFlags.Deserialize(Encoding.UTF8.GetBytes(content)));

    [Fact]
    public void Names_are_per_environment_and_user_and_reveal_neither()
    {
        var name = CachedFlags.NameFor("shop/prod", "alice@example.com");

        Assert.NotEqual(name, CachedFlags.NameFor("shop/staging", "alice@example.com"));
        Assert.NotEqual(name, CachedFlags.NameFor("shop/prod", "bob@example.com"));
        Assert.Matches("^flags-[0-9a-f]{32}$", name);
    }
}
