using System.Text.Json;

namespace FlagGrains.Silo.Tests.Cluster.Support;

/// <summary>
/// A flag set that says who wrote it and as which of their writes (document metadata), so a test can tell exactly
/// which acknowledged write a stored or served document came from.
/// </summary>
public readonly record struct CountedDocument(string Writer, int Sequence)
{
    public string ToJson() => $$"""
        {
          "metadata": { "writer": "{{Writer}}", "seq": {{Sequence}} },
          "flags": {
            "checkout": { "state": "ENABLED", "variants": { "on": true, "off": false }, "defaultVariant": "on",
              "targeting": { "fractional": [ ["on", 50], ["off", 50] ] } }
          }
        }
        """;

    /// <summary>Reads the writer stamp back from a stored or served flag set (or an OFREP bulk response).</summary>
    public static CountedDocument Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var metadata = document.RootElement.GetProperty("metadata");
        return new CountedDocument(metadata.GetProperty("writer").GetString()!, metadata.GetProperty("seq").GetInt32());
    }

    public override string ToString() => $"{Writer}#{Sequence}";
}
