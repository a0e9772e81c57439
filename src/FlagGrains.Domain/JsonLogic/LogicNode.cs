namespace FlagGrains.Domain.JsonLogic;

/// <summary>
/// One node of a compiled rule. Rules are compiled once per flag-set version into a tree of these;
/// evaluation walks the tree, never the rule's JSON.
/// </summary>
internal abstract class LogicNode
{
    /// <summary>True when the node's value is known at compile time (enables constant folding).</summary>
    public virtual bool IsConstant => false;

    public abstract LogicValue Evaluate(ref EvaluationScope scope);
}

/// <summary>A literal, or a subtree folded at compile time.</summary>
internal sealed class ConstantNode(LogicValue value) : LogicNode
{
    public static ConstantNode Null { get; } = new(LogicValue.Null);

    public LogicValue Value { get; } = value;

    public override bool IsConstant => true;

    public override LogicValue Evaluate(ref EvaluationScope scope) => Value;
}
