using FlagGrains.Domain.Evaluation;

namespace FlagGrains.Domain.JsonLogic;

/// <summary>
/// Per-evaluation state handed down the node tree by reference: the data <c>var</c> reads (the context,
/// or the current element inside map/filter/reduce) and the lazily read clock for <c>$flagd.timestamp</c>.
/// </summary>
internal struct EvaluationScope
{
    private readonly TimeProvider _timeProvider;
    private long _timestamp;
    private bool _hasTimestamp;

    public EvaluationScope(EvaluationContext context, TimeProvider timeProvider)
    {
        Context = context;
        Data = LogicValue.FromObject(context.Root);
        _timeProvider = timeProvider;
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
                _timestamp = _timeProvider.GetUtcNow().ToUnixTimeSeconds();
                _hasTimestamp = true;
            }

            return _timestamp;
        }
    }

    /// <summary>A scope for the callback of map/filter/reduce/all/some/none, where var reads the element.</summary>
    public readonly EvaluationScope WithData(LogicValue data)
    {
        var copy = this;
        copy.Data = data;
        return copy;
    }
}
