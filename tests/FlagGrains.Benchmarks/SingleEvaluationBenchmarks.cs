using BenchmarkDotNet.Attributes;
using FlagGrains.Domain.Evaluation;

namespace FlagGrains.Benchmarks;

/// <summary>
/// (a) One boolean flag with a 50/50 fractional rollout, evaluated for 100,000 distinct users per invocation,
/// so hashing sees a different key every time and the contexts do not all sit in cache. Reported per evaluation.
/// </summary>
[MemoryDiagnoser]
public class SingleEvaluationBenchmarks
{
    private const int Users = 100_000;

    private CompiledFlagSet _flags = null!;
    private EvaluationContext[] _contexts = null!;

    [GlobalSetup]
    public void Setup()
    {
        _flags = BenchmarkFlags.Compile();
        var noAttributes = new Dictionary<string, object?>();
        _contexts = Enumerable.Range(0, Users).Select(i => EvaluationContext.FromValues($"user-{i}", noAttributes)).ToArray();
    }

    [Benchmark(OperationsPerInvoke = Users)]
    public int FractionalRollout_DistinctUsers()
    {
        var on = 0;
        foreach (var context in _contexts)
        {
            if (_flags.Evaluate(BenchmarkFlags.RolloutFlag, context).Value!.AsBoolean == true)
            {
                on++;
            }
        }

        return on;
    }

    /// <summary>The same work on one hot context: the gap to the distinct-users figure is memory traffic.</summary>
    [Benchmark(OperationsPerInvoke = Users)]
    public int FractionalRollout_OneUser()
    {
        var on = 0;
        var context = _contexts[42];
        for (var i = 0; i < Users; i++)
        {
            if (_flags.Evaluate(BenchmarkFlags.RolloutFlag, context).Value!.AsBoolean == true)
            {
                on++;
            }
        }

        return on;
    }
}
