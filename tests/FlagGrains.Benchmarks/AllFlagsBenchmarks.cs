using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using FlagGrains.Domain.Evaluation;

namespace FlagGrains.Benchmarks;

/// <summary>
/// (b) The mobile bulk call: all 50 flags of flags-50.json for one context, and what the HTTP path pays
/// before that: parsing the request body and building the context from it.
/// </summary>
[MemoryDiagnoser]
public class AllFlagsBenchmarks
{
    private readonly EvaluationResult[] _results = new EvaluationResult[64];
    private CompiledFlagSet _flags = null!;
    private byte[] _body = null!;
    private JsonDocument _document = null!;
    private EvaluationContext _context = null!;

    [GlobalSetup]
    public void Setup()
    {
        _flags = BenchmarkFlags.Compile();
        _body = Encoding.UTF8.GetBytes(BenchmarkFlags.RequestBody);
        _document = JsonDocument.Parse(_body);
        _context = EvaluationContext.FromJson(_document.RootElement.GetProperty("context"));
    }

    [GlobalCleanup]
    public void Cleanup() => _document.Dispose();

    [Benchmark(Description = "EvaluateAll (50 flags)")]
    public int EvaluateAll()
    {
        _flags.EvaluateAll(_context, _results);
        return _results[0].Reason.Length;
    }

    [Benchmark(Description = "Context from parsed JSON")]
    public EvaluationContext ContextFromJson() => EvaluationContext.FromJson(_document.RootElement.GetProperty("context"));

    [Benchmark(Description = "Parse body + context + EvaluateAll")]
    public int ParseBuildAndEvaluateAll()
    {
        using var document = JsonDocument.Parse(_body);
        var context = EvaluationContext.FromJson(document.RootElement.GetProperty("context"));
        _flags.EvaluateAll(context, _results);
        return _results[0].Reason.Length;
    }
}
