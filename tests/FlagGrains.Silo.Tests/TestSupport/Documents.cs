using FlagGrains.Testing.Components;

namespace FlagGrains.Silo.Tests.TestSupport;

public static class Documents
{
    public static string Bench50 => TestData.Bench50;

    public const string Mixed = """
        {
          "metadata": { "team": "mobile" },
          "flags": {
            "dark-mode": { "state": "ENABLED", "variants": { "on": true, "off": false }, "defaultVariant": "off",
              "targeting": { "if": [ { "ends_with": [ { "var": "email" }, "@example.com" ] }, "on", null ] } },
            "banner-color": { "state": "ENABLED", "variants": { "red": "#f00", "blue": "#00f" }, "defaultVariant": "blue" },
            "max-items": { "state": "ENABLED", "variants": { "few": 3, "many": 30 }, "defaultVariant": "few",
              "targeting": { "if": [ { "sem_ver": [ { "var": "appVersion" }, ">=", "2.0.0" ] }, "many", null ] } },
            "retired": { "state": "DISABLED", "variants": { "on": true, "off": false }, "defaultVariant": "on" }
          }
        }
        """;
}
