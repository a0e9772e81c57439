using FlagGrains.Serving.Resolving;
using FlagGrains.Serving.Snapshots;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FlagGrains.Serving;

public static class ServingServiceExtensions
{
    /// <summary>What a silo's data plane runs: the registry, the directory of environments and the resolver.</summary>
    public static IServiceCollection AddFlagGrainsServing(this IServiceCollection services, Func<IServiceProvider, ServingSilo> silo)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddRuleLimits();
        services.AddOptions<ServingOptions>().BindConfiguration(ServingOptions.Section)
            .Validate(o => o.MaxEnvironments > 0 && o.MaxMissingEnvironments > 0, $"{ServingOptions.Section}: MaxEnvironments and MaxMissingEnvironments must be positive.")
            .Validate(o => o.IdleTimeout > TimeSpan.Zero && o.RecheckInterval > TimeSpan.Zero && o.MissingEnvironmentLifetime >= TimeSpan.Zero && o.VersionWaitLimit > TimeSpan.Zero,
                $"{ServingOptions.Section}: IdleTimeout, RecheckInterval and VersionWaitLimit must be positive, MissingEnvironmentLifetime not negative.")
            .ValidateOnStart();
        services.AddSingleton(silo);
        services.AddSingleton<SnapshotRegistry>();
        services.AddSingleton<EnvironmentDirectory>();
        services.AddSingleton<SnapshotResolver>();
        return services;
    }

    /// <summary><c>FlagGrains:Limits</c> rule budgets, for every process that compiles flag sets.</summary>
    public static IServiceCollection AddRuleLimits(this IServiceCollection services)
    {
        services.AddOptions<RuleLimitOptions>().BindConfiguration(RuleLimitOptions.Section)
            .Validate(o => o.MaxRuleNodes > 0 && o.MaxEvaluationSteps > 0, $"{RuleLimitOptions.Section}: MaxRuleNodes and MaxEvaluationSteps must be positive.")
            .ValidateOnStart();
        return services;
    }
}
