namespace FlagGrains.Grains.Tests.TestSupport;

/// <summary>Small flagd documents for grain tests.</summary>
public static class FlagDocuments
{
    private static int _next;

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
