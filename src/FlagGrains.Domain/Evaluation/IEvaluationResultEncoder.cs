namespace FlagGrains.Domain.Evaluation;

/// <summary>
/// Turns a result into wire bytes. The bytes are memoized per resolution (see
/// <see cref="EvaluationResult.EncodeOnce"/>), so an encoder must depend on nothing but the result it is given.
/// </summary>
public interface IEvaluationResultEncoder
{
    byte[] Encode(in EvaluationResult result);
}
