namespace FlagGrains.Silo.Apis.Ofrep;

/// <summary>
/// Bound from <c>FlagGrains:Limits</c>: what an evaluation request may contain. A context describes one user, so
/// anything beyond these is a bug or an attack, refused before evaluation with a 4xx naming the limit.
/// </summary>
public sealed class EvaluationLimits
{
    public const string Section = "FlagGrains:Limits";

    /// <summary>Request body on evaluation paths (413 beyond).</summary>
    public int MaxBodyBytes { get; set; } = 64 * 1024;

    /// <summary>Attributes of the context object, targetingKey included (400 beyond).</summary>
    public int MaxContextAttributes { get; set; } = 100;

    /// <summary>Characters of any string value or attribute name (400 beyond).</summary>
    public int MaxStringLength { get; set; } = 1024;

    /// <summary>Nesting depth of the context object itself counting as 1 (400 beyond).</summary>
    public int MaxDepth { get; set; } = 10;
}
