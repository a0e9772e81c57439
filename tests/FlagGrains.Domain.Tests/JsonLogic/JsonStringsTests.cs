using System.Text;
using System.Text.Json;
using FlagGrains.Domain.Bucketing;
using FlagGrains.Domain.Evaluation;
using FlagGrains.Domain.JsonLogic;
using FlagGrains.Domain.Tests.Evaluation;

namespace FlagGrains.Domain.Tests.JsonLogic;

/// <summary>
/// Escaped surrogates without a partner are valid JSON grammar; System.Text.Json refuses to unescape them.
/// Found by the differential test: a context holding one made EvaluationContext.TryFromJson throw.
/// </summary>
public sealed class JsonStringsTests
{
    [Theory]
    [InlineData("""{"name": "lone \ud800 high"}""", "lone \uFFFD high")]
    [InlineData("""{"name": "lone \udc00 low"}""", "lone \uFFFD low")]
    [InlineData("""{"name": "reversed \udc00\ud800 pair"}""", "reversed \uFFFD\uFFFD pair")]
    [InlineData("""{"name": "\ud800"}""", "\uFFFD")]
    [InlineData("""{"name": "mixed \" \\ \/ \b\f\n\r\t é \u00e9 \ud83d\ude00 \ud83d"}""", "mixed \" \\ / \b\f\n\r\t é é 😀 \uFFFD")]
    public void A_context_with_an_unpaired_surrogate_escape_is_read_with_U_FFFD_like_flagd(string json, string expected)
    {
        using var document = JsonDocument.Parse(json);

        Assert.True(EvaluationContext.TryFromJson(document.RootElement, out var context, out var error), error);

        var flags = FlagSetBuilder.SingleFlag("""{"yes": "y", "no": "n"}""", """{"if": [{"==": [{"var": "name"}, """ + JsonSerializer.Serialize(expected) + """]}, "yes", "no"]}""");
        Assert.Equal("yes", flags.Evaluate("f", context).Variant);
    }

    [Fact]
    public void A_property_name_with_an_unpaired_surrogate_escape_is_read_too()
    {
        using var document = JsonDocument.Parse("""{"k\udfff": "v", "targetingKey": "\ud800"}""");

        Assert.True(EvaluationContext.TryFromJson(document.RootElement, out var context, out _));

        Assert.Equal("\uFFFD", context.TargetingKey);
        var flags = FlagSetBuilder.SingleFlag("""{"yes": "y", "no": "n"}""", """{"if": [{"==": [{"var": "k\uFFFD"}, "v"]}, "yes", "no"]}""");
        Assert.Equal("yes", flags.Evaluate("f", context).Variant);
    }

    [Fact]
    public void The_replacement_hashes_like_the_UTF_8_that_flagd_hashes()
    {
        using var document = JsonDocument.Parse("""{"targetingKey": "a\ud800b"}""");
        EvaluationContext.TryFromJson(document.RootElement, out var context, out _);

        Assert.Equal(MurmurHash3.Hash32("a\uFFFDb"u8), FractionalBucketing.HashKey([], context.TargetingKey!));
    }

    [Fact]
    public void Well_formed_strings_decode_as_System_Text_Json_does()
    {
        const string json = "\"plain \\u0041\\n\\\"q\\\" é 日本 \\ud83d\\ude00\"";
        using var document = JsonDocument.Parse(json);

        Assert.Equal(document.RootElement.GetString(), JsonStrings.Decode(Encoding.UTF8.GetBytes(json)));
    }
}
