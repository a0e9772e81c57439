namespace FlagGrains.Domain.Evaluation;

/// <summary>A variant name with its pre-encoded value.</summary>
internal sealed record CompiledVariant(string Name, FlagValue Value);
