using FlagGrains.Contracts.Audit;

namespace FlagGrains.Grains.Tests.TestSupport;

/// <summary>Small flagd documents for grain tests.</summary>
public static class FlagDocuments
{
    private static int _next;

    public static readonly ChangeContext Change = new("tester", "grain tests", "req-1", "127.0.0.1");

    /// <summary>A fresh environment key per test so tests sharing a cluster never see each other's data.</summary>
    public static string NewEnvironmentKey() => $"test-{Interlocked.Increment(ref _next)}-{Guid.NewGuid():N}"[..24] + "/prod";

    public static string BooleanFlag(string key, bool on) => $$"""
        {
          "flags": {
            "{{key}}": {
              "state": "ENABLED",
              "variants": { "on": true, "off": false },
              "defaultVariant": "{{(on ? "on" : "off")}}"
            }
          }
        }
        """;

    public const string Rollout = """
        {
          "flags": {
            "new-checkout": {
              "state": "ENABLED",
              "variants": { "on": true, "off": false },
              "defaultVariant": "off",
              "targeting": { "fractional": [ ["on", 50], ["off", 50] ] }
            }
          }
        }
        """;
}
