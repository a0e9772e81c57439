using System.Text.Json;
using System.Text.Json.Nodes;
using FlagGrains.Domain.Model;

namespace FlagGrains.AdminConsole.Workspace;

/// <summary>
/// Checks one flag's JSON with the Domain parser, in the strict mode the environment grain stores with, so the raw
/// editor shows the same messages a save would be refused with, before saving.
/// </summary>
public static class FlagValidation
{
    public static IReadOnlyList<ValidationProblem> Check(string flagKey, string flagJson)
    {
        JsonNode? flag;
        try
        {
            flag = JsonNode.Parse(flagJson, documentOptions: new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException exception)
        {
            return [new ValidationProblem("$", $"Not valid JSON: {exception.Message}")];
        }

        if (flag is not JsonObject) return [new ValidationProblem("$", "A flag must be a JSON object.")];

        // Wrapped in a one-flag document: paths come back as $.flags.{key}…; stripping the prefix points into the editor's text.
        var document = new JsonObject { ["flags"] = new JsonObject { [flagKey] = flag } }.ToJsonString();
        var prefix = FlagPathPrefix(flagKey);
        return FlagSetDocument.Parse(document, ValidationMode.Strict).Errors
            .Select(problem => problem with { Path = problem.Path.StartsWith(prefix, StringComparison.Ordinal) ? "$" + problem.Path[prefix.Length..] : problem.Path })
            .ToList();
    }

    /// <summary>How the Domain parser writes the path of a flag (<c>$.flags.key</c>, or bracketed for unusual keys).</summary>
    private static string FlagPathPrefix(string flagKey) =>
        flagKey.Length > 0 && flagKey.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '$')
            ? "$.flags." + flagKey
            : "$.flags['" + flagKey.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "']";
}
