using System.Text;
using FlagGrains.Domain.Evaluation;

namespace FlagGrains.Domain.Tests.Evaluation;

/// <summary>Wire bytes are made once per resolution and never handed to a result they do not describe.</summary>
public sealed class EncodeOnceTests
{
    private static readonly CompiledFlagSet Flags = FlagSetBuilder.SingleFlag("""{"on": true, "off": false}""", """{"if": [{"var": "x"}, "on", null]}""", "\"off\"");

    [Fact]
    public void Results_sharing_a_resolution_reuse_the_same_bytes()
    {
        var encoder = new CountingEncoder();
        var first = Flags.Evaluate("f", FlagSetBuilder.Context("a", ("x", true))).EncodeOnce(encoder);
        var second = Flags.Evaluate("f", FlagSetBuilder.Context("b", ("x", true))).EncodeOnce(encoder);

        Assert.Same(first, second);
        Assert.Equal(1, encoder.Calls);
        Assert.Equal("f:on:TARGETING_MATCH", Encoding.UTF8.GetString(first));
    }

    [Fact]
    public void Each_resolution_of_a_flag_has_its_own_bytes()
    {
        var encoder = new CountingEncoder();
        var matched = Flags.Evaluate("f", FlagSetBuilder.Context("a", ("x", true))).EncodeOnce(encoder);
        var fallback = Flags.Evaluate("f", FlagSetBuilder.Context("a")).EncodeOnce(encoder);

        Assert.Equal("f:on:TARGETING_MATCH", Encoding.UTF8.GetString(matched));
        Assert.Equal("f:off:DEFAULT", Encoding.UTF8.GetString(fallback));
    }

    [Fact]
    public void A_resolution_shared_by_several_keys_is_encoded_for_the_key_asked()
    {
        // Every unknown key resolves to the same flag-not-found resolution; the bytes name the key.
        var encoder = new CountingEncoder();
        var one = Flags.Evaluate("missing-one", FlagSetBuilder.Context("a")).EncodeOnce(encoder);
        var two = Flags.Evaluate("missing-two", FlagSetBuilder.Context("a")).EncodeOnce(encoder);

        Assert.Equal("missing-one::ERROR", Encoding.UTF8.GetString(one));
        Assert.Equal("missing-two::ERROR", Encoding.UTF8.GetString(two));
    }

    [Fact]
    public void Another_encoder_gets_its_own_encoding()
    {
        var result = Flags.Evaluate("f", FlagSetBuilder.Context("a", ("x", true)));
        var plain = result.EncodeOnce(new CountingEncoder());
        var shouting = result.EncodeOnce(new CountingEncoder(upper: true));

        Assert.Equal("f:on:TARGETING_MATCH", Encoding.UTF8.GetString(plain));
        Assert.Equal("F:ON:TARGETING_MATCH", Encoding.UTF8.GetString(shouting));
    }

    private sealed class CountingEncoder(bool upper = false) : IEvaluationResultEncoder
    {
        public int Calls { get; private set; }

        public byte[] Encode(in EvaluationResult result)
        {
            Calls++;
            var text = $"{result.FlagKey}:{result.Variant}:{result.Reason}";
            return Encoding.UTF8.GetBytes(upper ? text.ToUpperInvariant() : text);
        }
    }
}
