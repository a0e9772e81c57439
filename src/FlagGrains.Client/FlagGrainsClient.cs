using FlagGrains.Client.Evaluation;
using FlagGrains.Client.Hosting;
using FlagGrains.Client.Sync;
using FlagGrains.Contracts;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FlagGrains.Client;

/// <summary>Holds one mirror and evaluator per configured environment; the hosted service keeps the mirrors current.</summary>
internal sealed class FlagGrainsClient : IFlagGrainsClient
{
    private readonly Dictionary<string, FlagEvaluator> _byKey;

    public FlagGrainsClient(IOptions<FlagGrainsClientOptions> options, ILogger<FlagGrainsClient> logger)
    {
        Mirrors = options.Value.Environments.Select(key => new EnvironmentMirror(key, logger)).ToArray();
        var evaluators = Mirrors.Select(mirror => new FlagEvaluator(mirror)).ToArray();
        Evaluators = evaluators;
        _byKey = evaluators.ToDictionary(evaluator => evaluator.EnvironmentKey, StringComparer.Ordinal);
    }

    public IReadOnlyList<IFlagEvaluator> Evaluators { get; }

    internal IReadOnlyList<EnvironmentMirror> Mirrors { get; }

    public IFlagEvaluator GetEvaluator(string project, string environment)
    {
        var key = GrainKeys.Environment(project, environment);
        return _byKey.TryGetValue(key, out var evaluator)
            ? evaluator
            : throw new ArgumentException($"Environment '{key}' is not in {FlagGrainsClientOptions.Section}:Environments; the client mirrors only configured environments.", nameof(environment));
    }

    public Task WaitForReadyAsync(CancellationToken cancellationToken = default) =>
        Task.WhenAll(Mirrors.Select(mirror => mirror.WhenReady)).WaitAsync(cancellationToken);

    /// <summary>For <see cref="IFlagEvaluator"/> injected directly: unambiguous only with one environment.</summary>
    internal IFlagEvaluator SingleEvaluator() => Evaluators.Count == 1
        ? Evaluators[0]
        : throw new InvalidOperationException($"{Evaluators.Count} environments are configured, so IFlagEvaluator is ambiguous; inject IFlagGrainsClient and call GetEvaluator(project, environment).");
}
