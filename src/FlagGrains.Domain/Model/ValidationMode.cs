namespace FlagGrains.Domain.Model;

/// <summary>How <see cref="FlagSetDocument.Parse(string, ValidationMode)"/> treats problems inside targeting rules.</summary>
public enum ValidationMode
{
    /// <summary>
    /// flagd-compatible: structural problems reject the document; targeting problems (unknown operator,
    /// <c>$ref</c> to a missing evaluator, malformed fractional/sem_ver/starts_with arguments, unknown
    /// flag properties) are reported as warnings and the document loads. Flags whose targeting cannot
    /// run resolve with PARSE_ERROR. This is how flagd and its test bed load flag files.
    /// </summary>
    Lenient,

    /// <summary>Every problem rejects the document. For writes through the admin API.</summary>
    Strict,
}
