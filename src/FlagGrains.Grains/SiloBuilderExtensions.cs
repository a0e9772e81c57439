using FlagGrains.Contracts;
using FlagGrains.Grains.Analytics;
using FlagGrains.Grains.Automation;
using FlagGrains.Grains.Placement;
using FlagGrains.Grains.Gateways;
using FlagGrains.Serving;
using FlagGrains.Serving.Resolving;
using FlagGrains.Grains.Webhooks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace FlagGrains.Grains;

/// <summary>Registers what every FlagGrains silo runs, whatever its storage and clustering.</summary>
public static class SiloBuilderExtensions
{
    /// <summary>
    /// Adds the data plane (registry, directory, resolver, rule limits), the version-bump stream and what releases and
    /// scheduled changes need. Storage providers (<see cref="ProviderNames.GrainStorage"/> and
    /// <see cref="ProviderNames.PubSubStore"/>) and the reminder table are the host's choice.
    /// </summary>
    public static ISiloBuilder AddFlagGrains(this ISiloBuilder silo, TimeSpan? streamPollPeriod = null)
    {
        silo.Services.TryAddSingleton(TimeProvider.System);
        silo.Services.AddFlagGrainsServing(sp => new ServingSilo(sp.GetRequiredService<ILocalSiloDetails>().SiloAddress.ToParsableString()));
        silo.Services.AddMetrics();
        silo.Services.AddSingleton<EvaluationUsage>();
        silo.Services.AddSingleton<UsageFlusher>();
        silo.Services.AddSingleton<FlagGrainsMetrics>();
        silo.Services.AddSingleton<GatewayBumps>();
        silo.Services.AddFlagGrainsWebhooks();
        silo.Services.AddOptions<AnalyticsOptions>().BindConfiguration(AnalyticsOptions.Section)
            .Validate(o => o.FlushInterval > TimeSpan.Zero && o.Retention >= TimeSpan.FromDays(1) && o.StaleAfter > TimeSpan.Zero,
                $"{AnalyticsOptions.Section}: FlushInterval and StaleAfter must be positive, Retention at least one day.")
            .ValidateOnStart();
        silo.Services.AddOptions<EvaluationMetricsOptions>().BindConfiguration(EvaluationMetricsOptions.Section)
            .Validate(o => o.MaxFlagSeriesPerEnvironment >= 0, $"{EvaluationMetricsOptions.Section}:MaxFlagSeriesPerEnvironment must not be negative.")
            .ValidateOnStart();
        silo.Services.AddSingleton<IEvaluationOutcomes, ClusterEvaluationOutcomes>();
        silo.Services.AddPlacementDirector<SiloBoundPlacement, SiloBoundPlacementDirector>();
        silo.Services.AddPlacementDirector<OwnerSiloPlacement, OwnerSiloPlacementDirector>();
        silo.Services.AddSingleton<AutomationEvents>();
        silo.Services.AddOptions<AutomationOptions>().BindConfiguration(AutomationOptions.Section)
            .Validate(o => o.RetryPeriod >= AutomationOptions.MinimumPeriod && o.RetryPeriod <= TimeSpan.FromMinutes(1)
                           && o.GuardrailCheckInterval >= TimeSpan.FromSeconds(1) && o.GuardrailCheckInterval <= TimeSpan.FromMinutes(5),
                $"{AutomationOptions.Section}: RetryPeriod must be 100 ms to 1 min and GuardrailCheckInterval 1 s to 5 min.")
            .ValidateOnStart();

        // Releases and scheduled changes use short reminder periods as retry intervals (AutomationOptions.RetryPeriod).
        silo.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = AutomationOptions.MinimumPeriod);

        silo.Services.AddOptions<GatewayOptions>().BindConfiguration(GatewayOptions.Section)
            .Validate(o => o.VersionCheckInterval > TimeSpan.Zero && o.VersionCheckInterval <= TimeSpan.FromSeconds(5),
                $"{GatewayOptions.Section}:VersionCheckInterval must be between 0 and 5 seconds.")
            .Validate(o => o.StreamPollPeriod >= TimeSpan.FromMilliseconds(1) && o.StreamPollPeriod <= TimeSpan.FromSeconds(1),
                $"{GatewayOptions.Section}:StreamPollPeriod must be between 1 ms and 1 second.")
            .ValidateOnStart();

        silo.AddMemoryStreams(ProviderNames.Streams, streams =>
            streams.ConfigurePullingAgent(agent => agent.Configure<IOptions<GatewayOptions>>((o, gateway) =>
                o.GetQueueMsgsTimerPeriod = streamPollPeriod ?? gateway.Value.StreamPollPeriod)));
        return silo;
    }
}
