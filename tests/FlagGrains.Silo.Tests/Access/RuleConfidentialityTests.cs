using System.Net.Http.Json;
using FlagGrains.Silo.Tests.TestSupport;

namespace FlagGrains.Silo.Tests.Access;

/// <summary>A client key is public (it ships in apps): whatever it is used for, rules must never come back.</summary>
[Collection(SiloCollection.Name)]
public sealed class RuleConfidentialityTests(SiloFixture silo)
{
    private const string Sentinel = "SENTINEL-RULE-9d4e";

    private const string Document = $$"""
        {
          "$evaluators": { "staff": { "ends_with": [ { "var": "email" }, "@{{Sentinel}}-evaluator.example" ] } },
          "flags": {
            "internal-tools": { "state": "ENABLED", "variants": { "on": true, "off": false }, "defaultVariant": "off",
              "targeting": { "if": [ { "$ref": "staff" }, "on", null ] } },
            "vip": { "state": "ENABLED", "variants": { "yes": "gold", "no": "none" }, "defaultVariant": "no",
              "targeting": { "if": [ { "in": [ { "var": "userId" }, [ "{{Sentinel}}-allow-list-1", "{{Sentinel}}-allow-list-2" ] ] }, "yes", null ] } },
            "rollout": { "state": "ENABLED", "variants": { "a": 1, "b": 2 }, "defaultVariant": "a",
              "targeting": { "fractional": [ { "cat": [ "{{Sentinel}}-seed", { "var": "targetingKey" } ] }, [ "a", 50 ], [ "b", 50 ] ] } }
          }
        }
        """;

    [Fact]
    public async Task A_client_key_never_sees_rules_segments_or_other_flags_targeting()
    {
        var key = await silo.Factory.CreateAdminClient().CreateWithKeyAsync(Environments.NewProject(), "prod", Document);
        using var device = silo.Factory.CreateKeyClient(key);
        var contexts = new object[]
        {
            new { targetingKey = "u1" },
            new { targetingKey = "u2", email = "a@b.c", userId = "x" },
            new { },
            new { targetingKey = 42, email = new[] { 1, 2 } },
        };

        var bodies = new List<string>();
        foreach (var context in contexts)
        {
            bodies.Add(await (await device.EvaluateAllAsync(context)).Content.ReadAsStringAsync());
            foreach (var flag in new[] { "internal-tools", "vip", "rollout", "missing" })
            {
                bodies.Add(await (await device.EvaluateAsync(flag, context)).Content.ReadAsStringAsync());
            }
        }

        bodies.Add(await (await device.GetAsync("/v1/flags")).Content.ReadAsStringAsync());
        bodies.Add(await (await device.GetAsync("/admin/v1/projects")).Content.ReadAsStringAsync());
        bodies.Add(await (await device.PostAsJsonAsync("/ofrep/v1/evaluate/flags", new { context = new { email = new string('e', 2_000) } })).Content.ReadAsStringAsync());

        Assert.All(bodies, body => Assert.DoesNotContain(Sentinel, body, StringComparison.Ordinal));
        Assert.Contains(bodies, body => body.Contains("\"flags\"", StringComparison.Ordinal));
    }
}
