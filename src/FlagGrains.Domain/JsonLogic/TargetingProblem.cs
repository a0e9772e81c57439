namespace FlagGrains.Domain.JsonLogic;

/// <summary>
/// A problem found while compiling a rule. <see cref="Fatal"/> problems (unknown operator, dangling
/// <c>$ref</c>) leave the flag unevaluable: it resolves with PARSE_ERROR, as flagd does. The others
/// describe rules that run but can only ever yield null for that part (e.g. sem_ver with two arguments).
/// <see cref="OverBudget"/> problems name a limit of <see cref="Model.RuleLimits"/>; a flag they make unevaluable
/// resolves with GENERAL, like one that runs out of steps.
/// </summary>
internal sealed record TargetingProblem(string Path, string Message, bool Fatal, bool OverBudget = false);
