namespace FlagGrains.Domain.JsonLogic;

/// <summary>
/// A problem found while compiling a rule. <see cref="Fatal"/> problems (unknown operator, dangling
/// <c>$ref</c>) leave the flag unevaluable: it resolves with PARSE_ERROR, as flagd does. The others
/// describe rules that run but can only ever yield null for that part (e.g. sem_ver with two arguments).
/// </summary>
internal sealed record TargetingProblem(string Path, string Message, bool Fatal);
