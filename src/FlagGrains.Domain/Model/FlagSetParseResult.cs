namespace FlagGrains.Domain.Model;

/// <summary>
/// Outcome of <see cref="FlagSetDocument.Parse(string)"/>: a document, or the problems that rejected it.
/// <see cref="Warnings"/> lists problems that did not reject it (see <see cref="ValidationMode.Lenient"/>).
/// </summary>
public sealed record FlagSetParseResult(FlagSetDocument? Document, IReadOnlyList<ValidationProblem> Errors)
{
    public bool IsValid => Document is not null;

    /// <summary>Problems that did not reject the document, e.g. a <c>$ref</c> to a missing evaluator under lenient validation.</summary>
    public IReadOnlyList<ValidationProblem> Warnings { get; init; } = [];
}
