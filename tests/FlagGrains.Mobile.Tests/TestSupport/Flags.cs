namespace FlagGrains.Mobile.Tests.TestSupport;

/// <summary>Flag documents (flagd format) the SDK tests evaluate.</summary>
public static class Flags
{
    public static string Document(string color = "red") => $$"""
        {
          "flags": {
            "dark-mode": { "state": "ENABLED", "variants": { "on": true, "off": false }, "defaultVariant": "off",
              "targeting": { "if": [ { "ends_with": [ { "var": "email" }, "@example.com" ] }, "on", null ] } },
            "banner-color": { "state": "ENABLED", "variants": { "red": "red", "blue": "blue" }, "defaultVariant": "{{color}}" },
            "max-items": { "state": "ENABLED", "variants": { "few": 3, "many": 30 }, "defaultVariant": "few" },
            "ratio": { "state": "ENABLED", "variants": { "quarter": 0.25 }, "defaultVariant": "quarter" },
            "layout": { "state": "ENABLED", "variants": { "grid": { "columns": 2 } }, "defaultVariant": "grid" },
            "retired": { "state": "DISABLED", "variants": { "on": true }, "defaultVariant": "on" }
          }
        }
        """;
}
