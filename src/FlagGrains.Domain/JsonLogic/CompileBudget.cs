using System.Text.Json;
using FlagGrains.Domain.Model;

namespace FlagGrains.Domain.JsonLogic;

/// <summary>
/// Nodes one document may compile into, shared by every rule of the document (each <c>$ref</c> is inlined and counted
/// again, each literal list item counted). Once spent, compilation stops making nodes, so a rule that expands into
/// millions of nodes costs the budget, not the memory it asks for.
/// </summary>
internal sealed class CompileBudget(RuleLimits limits)
{
    public RuleLimits Limits { get; } = limits;

    public int NodesUsed { get; private set; }

    public bool IsSpent => NodesUsed > Limits.MaxRuleNodes;

    /// <summary>Takes <paramref name="nodes"/>; false once the document is over its budget.</summary>
    public bool TryTake(int nodes)
    {
        NodesUsed = (int)Math.Min(int.MaxValue, (long)NodesUsed + nodes);
        return !IsSpent;
    }

    /// <summary>JSON values inside a literal, itself included; stops counting past <paramref name="stopAt"/>.</summary>
    public static int CountValues(JsonElement element, int stopAt)
    {
        var count = 1;
        if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
            {
                if (count > stopAt) break;
                count += CountValues(item, stopAt - count);
            }
        }
        else if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in element.EnumerateObject())
            {
                if (count > stopAt) break;
                count += CountValues(property.Value, stopAt - count);
            }
        }

        return count;
    }
}
