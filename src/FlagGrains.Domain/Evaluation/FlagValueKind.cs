namespace FlagGrains.Domain.Evaluation;

/// <summary>The type of a variant value. Integer and Float are both JSON numbers; see <see cref="FlagValue"/>.</summary>
public enum FlagValueKind
{
    Boolean,
    String,
    Integer,
    Float,
    Object,
}
