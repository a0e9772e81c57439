using FlagGrains.Contracts.Audit;

namespace FlagGrains.Client.Tests.TestSupport;

/// <summary>Flag documents and names for client tests.</summary>
public static class Flags
{
    private static int _next;

    public static readonly ChangeContext Change = new("tester", "client tests", "req-1", "127.0.0.1");

    /// <summary>A fresh project per test so tests sharing a cluster never see each other's data.</summary>
    public static (string Project, string Environment, string Key) NewEnvironment()
    {
        var project = $"client-{Interlocked.Increment(ref _next)}-{Guid.NewGuid():N}"[..24];
        return (project, "prod", project + "/prod");
    }

    /// <summary>One boolean flag, <c>new-checkout</c>, plus a string flag that never changes.</summary>
    public static string Checkout(bool on) => $$"""
        {
          "flags": {
            "new-checkout": {
              "state": "ENABLED",
              "variants": { "on": true, "off": false },
              "defaultVariant": "{{(on ? "on" : "off")}}"
            },
            "banner-color": {
              "state": "ENABLED",
              "variants": { "red": "#d33", "blue": "#33d" },
              "defaultVariant": "blue"
            }
          }
        }
        """;

    /// <summary>One flag of every type, targeting, a disabled flag and metadata.</summary>
    public const string EveryType = """
        {
          "metadata": { "team": "payments" },
          "flags": {
            "checkout": {
              "state": "ENABLED",
              "variants": { "on": true, "off": false },
              "defaultVariant": "off",
              "targeting": { "if": [ { "==": [ { "var": "country" }, "de" ] }, "on", null ] },
              "metadata": { "owner": "anna" }
            },
            "color": { "state": "ENABLED", "variants": { "red": "#d33" }, "defaultVariant": "red" },
            "retries": { "state": "ENABLED", "variants": { "few": 3, "whole": 10.0 }, "defaultVariant": "few" },
            "whole-retries": { "state": "ENABLED", "variants": { "whole": 10.0 }, "defaultVariant": "whole" },
            "huge": { "state": "ENABLED", "variants": { "big": 5000000000 }, "defaultVariant": "big" },
            "ratio": { "state": "ENABLED", "variants": { "half": 0.5 }, "defaultVariant": "half" },
            "layout": { "state": "ENABLED", "variants": { "grid": { "columns": 3, "dense": true } }, "defaultVariant": "grid" },
            "legacy": { "state": "DISABLED", "variants": { "on": true, "off": false }, "defaultVariant": "on" }
          }
        }
        """;
}
