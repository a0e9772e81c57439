using System.Net;
using System.Text.Json;
using FlagGrains.Silo.Tests.TestSupport;

namespace FlagGrains.Silo.Tests.Apis.Ofrep;

/// <summary>A rule that would cost every silo seconds per evaluation is refused where it is written.</summary>
[Collection(SiloCollection.Name)]
public sealed class RuleBudgetApiTests(SiloFixture silo)
{
    [Fact]
    public async Task A_rule_bomb_is_refused_at_write_with_a_400_naming_the_limit_and_the_path()
    {
        using var admin = silo.Factory.CreateAdminClient();
        var list = "[" + string.Join(",", Enumerable.Range(0, 1_000)) + "]";
        var rule = """{"==": [{"var": ""}, -1]}""";
        for (var i = 0; i < 3; i++) rule = $$"""{"some": [{{list}}, {{rule}}]}""";
        var document = """{"flags": {"bomb": {"state": "ENABLED", "variants": {"on": true, "off": false}, "defaultVariant": "off", "targeting": {"if": [RULE, "on", "off"]}}}}""".Replace("RULE", rule, StringComparison.Ordinal);

        var response = await admin.PutFlagsAsync(Environments.NewProject(), "prod", document);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var error = Assert.Single(body.RootElement.GetProperty("errors").EnumerateArray());
        Assert.StartsWith("$.flags.bomb.targeting.if[0].some", error.GetProperty("path").GetString(), StringComparison.Ordinal);
        Assert.Contains("MaxEvaluationSteps", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }
}
