using System.Diagnostics.CodeAnalysis;
using FlagGrains.Domain.Evaluation;

namespace FlagGrains.Domain.JsonLogic;

/// <summary>
/// Per-evaluation state handed down the node tree by reference: the data <c>var</c> reads (the context,
/// or the current element inside map/filter/reduce), the lazily read clock for <c>$flagd.timestamp</c> and the
/// steps left of the evaluation's budget. One instance per evaluation: loops swap <see cref="Data"/> in and out
/// instead of copying the scope, so every step spent anywhere in the tree is spent from the same budget.
/// </summary>
internal struct EvaluationScope
{
    private readonly TimeProvider? _timeProvider;
    private long _timestamp;
    private bool _hasTimestamp;
    private int _stepsLeft;

    public EvaluationScope(EvaluationContext context, TimeProvider timeProvider, int steps)
    {
        Context = context;
        Data = LogicValue.FromObject(context.Root);
        _timeProvider = timeProvider;
        _stepsLeft = steps;
    }

    /// <summary>A scope over arbitrary data, for free-standing rules and for folding constants at compile time.</summary>
    public EvaluationScope(LogicValue data, TimeProvider timeProvider, int steps)
        : this(EvaluationContext.Empty, timeProvider, steps)
    {
        Data = data;
    }

    public EvaluationContext Context { get; }

    public LogicValue Data { get; private set; }

    /// <summary>Unix seconds, read once per evaluation so a rule sees one consistent instant.</summary>
    public long Timestamp
    {
        get
        {
            if (!_hasTimestamp)
            {
                _timestamp = (_timeProvider ?? TimeProvider.System).GetUtcNow().ToUnixTimeSeconds();
                _hasTimestamp = true;
            }

            return _timestamp;
        }
    }

    /// <summary>
    /// Makes <paramref name="data"/> what <c>var</c> reads (inside map/filter/reduce/all/some/none) and returns what it
    /// read before, for the caller to put back.
    /// </summary>
    public LogicValue SwapData(LogicValue data)
    {
        var previous = Data;
        Data = data;
        return previous;
    }

    /// <summary>Takes <paramref name="steps"/> from the budget; past zero the evaluation ends with a budget failure.</summary>
    public void Spend(int steps)
    {
        _stepsLeft -= steps;
        if (_stepsLeft < 0)
        {
            Exhausted();
        }
    }

    [DoesNotReturn]
    private static void Exhausted() => throw new RuleBudgetExceededException();
}
