using System.Text.Json;
using FlagGrains.Domain.Evaluation;

namespace FlagGrains.Domain.Model;

/// <summary>
/// A validated flagd flag-set document. Keeps the verbatim JSON so export returns what was imported.
/// </summary>
public sealed class FlagSetDocument
{
    internal static readonly JsonDocumentOptions JsonOptions = new()
    {
        MaxDepth = 64,
        CommentHandling = JsonCommentHandling.Disallow,
        AllowTrailingCommas = false,
    };

    internal FlagSetDocument(string json, IReadOnlyList<string> flagKeys)
    {
        Json = json;
        FlagKeys = flagKeys;
    }

    /// <summary>The document exactly as accepted.</summary>
    public string Json { get; }

    /// <summary>Keys of every flag in the document, in document order.</summary>
    public IReadOnlyList<string> FlagKeys { get; }

    /// <summary>Parses and validates a flagd document with <see cref="ValidationMode.Lenient"/>; never throws for bad input.</summary>
    public static FlagSetParseResult Parse(string json) => Parse(json, ValidationMode.Lenient);

    /// <summary>Parses and validates a flagd document; never throws for bad input. Compiles it as well (see <see cref="FlagSetCompiler"/>).</summary>
    public static FlagSetParseResult Parse(string json, ValidationMode mode)
    {
        var compiled = FlagSetCompiler.Compile(json, mode);
        return new FlagSetParseResult(compiled.Document, compiled.Errors) { Warnings = compiled.Warnings };
    }
}
