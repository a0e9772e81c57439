using System.Text;

namespace FlagGrains.Mobile.Tests;

public sealed class EvaluationContextTests
{
    [Fact]
    public void The_request_body_is_canonical_so_equal_contexts_get_equal_etags()
    {
        var one = EvaluationContext.For("u1").With("b", 2).With("a", "x").Build();
        var two = new EvaluationContext("u1", new Dictionary<string, object?> { ["a"] = "x", ["b"] = 2 });

        Assert.Equal(one.ToRequestJson(), two.ToRequestJson());
        Assert.Equal("{\"context\":{\"targetingKey\":\"u1\",\"a\":\"x\",\"b\":2}}", Encoding.UTF8.GetString(one.ToRequestJson()));
    }

    [Fact]
    public void Unsupported_attribute_types_are_refused_when_built() =>
        Assert.Throws<ArgumentException>(() => EvaluationContext.For("u").With("when", new object()).Build());
}
