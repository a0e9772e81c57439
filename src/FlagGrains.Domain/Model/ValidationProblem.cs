namespace FlagGrains.Domain.Model;

/// <summary>One reason a document was rejected (or, as a warning, is suspicious). <see cref="Path"/> is a JSON path such as <c>$.flags.my-flag.defaultVariant</c>.</summary>
public sealed record ValidationProblem(string Path, string Message);
