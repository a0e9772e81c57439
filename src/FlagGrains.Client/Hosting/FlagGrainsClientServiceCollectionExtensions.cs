using FlagGrains.Client.Evaluation;
using FlagGrains.ClusterTls;
using FlagGrains.Clustering.AzureStorage;
using FlagGrains.Contracts;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

using FlagGrains.Serving;

namespace FlagGrains.Client.Hosting;

/// <summary>Registers the FlagGrains client: an Orleans client of the cluster plus local evaluators.</summary>
public static class FlagGrainsClientServiceCollectionExtensions
{
    /// <summary>The ADO.NET invariant of PostgreSQL, as the silo uses it (FlagGrains.Persistence.AdoNetInvariants).</summary>
    internal const string PostgreSqlInvariant = "Npgsql";

    /// <summary>Adds the client configured in code only.</summary>
    public static IServiceCollection AddFlagGrainsClient(this IServiceCollection services, Action<FlagGrainsClientOptions> configure) =>
        services.AddFlagGrainsClient(configuration: null, configure);

    /// <summary>
    /// Adds the client, reading <c>FlagGrains:Cluster</c> (mode, identity, membership connection string, TLS) and
    /// <c>FlagGrains:Client</c> from <paramref name="configuration"/>, then applying
    /// <paramref name="configure"/>. Further Orleans client settings can be added with <c>AddOrleansClient</c> after this
    /// call; it returns the same client builder.
    /// </summary>
    public static IServiceCollection AddFlagGrainsClient(this IServiceCollection services, IConfiguration? configuration, Action<FlagGrainsClientOptions>? configure = null)
    {
        if (services.Any(d => d.ServiceType == typeof(IClusterClient)))
        {
            throw new InvalidOperationException(
                "AddFlagGrainsClient configures the Orleans client itself and must come before any UseOrleansClient/AddOrleansClient; "
                + "a silo (UseOrleans) evaluates through its own gateways and needs no FlagGrains client.");
        }

        var options = new FlagGrainsClientOptions();
        if (configuration is not null)
        {
            configuration.GetSection(FlagGrainsClusterOptions.Section).Bind(options.Cluster);
            configuration.GetSection(FlagGrainsClientOptions.Section).Bind(options);
            configuration.GetSection(RuleLimitOptions.Section).Bind(options.Limits);
        }

        configure?.Invoke(options);
        options.Validate();

        services.AddSingleton(Options.Create(options));

        // The Orleans client's own hosted service blocks host start until the cluster answers; FlagGrainsClientService
        // starts it in the background instead, so this call's hosted-service registrations are taken out.
        var hostedBefore = services.Where(d => d.ServiceType == typeof(IHostedService)).ToHashSet();
        services.AddOrleansClient(client => ConfigureOrleans(client, options.Cluster, options.Certificates));
        foreach (var added in services.Where(d => d.ServiceType == typeof(IHostedService) && !hostedBefore.Contains(d)).ToList())
        {
            services.Remove(added);
        }

        services.AddSingleton<IClientConnectionRetryFilter, UntilStoppedRetryFilter>();
        services.AddSingleton<FlagGrainsClient>();
        services.AddSingleton<IFlagGrainsClient>(sp => sp.GetRequiredService<FlagGrainsClient>());
        services.AddSingleton<IFlagEvaluator>(sp => sp.GetRequiredService<FlagGrainsClient>().SingleEvaluator());
        services.AddHostedService<FlagGrainsClientService>();
        return services;
    }

    /// <summary>Adds the client to a host application builder, reading the builder's configuration.</summary>
    public static TBuilder AddFlagGrainsClient<TBuilder>(this TBuilder builder, Action<FlagGrainsClientOptions>? configure = null)
        where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddFlagGrainsClient(builder.Configuration, configure);
        return builder;
    }

    /// <summary>Adds the client to a generic host builder, reading the host's configuration.</summary>
    public static IHostBuilder AddFlagGrainsClient(this IHostBuilder builder, Action<FlagGrainsClientOptions>? configure = null) =>
        builder.ConfigureServices((context, services) => services.AddFlagGrainsClient(context.Configuration, configure));

    /// <summary>The silo's clustering and stream provider, seen from the client side (see SiloHostingExtensions).</summary>
    private static void ConfigureOrleans(IClientBuilder client, FlagGrainsClusterOptions cluster, ClusterCertificates? certificates)
    {
        if (certificates is not null) client.UseClusterTls(certificates);

        if (cluster.Mode == ClientClusterMode.Localhost)
        {
            client.UseLocalhostClustering(cluster.GatewayPort, cluster.ServiceId, cluster.ClusterId);
        }
        else
        {
            if (cluster.Mode == ClientClusterMode.AzureStorage) client.UseFlagGrainsAzureTableMembership(cluster.AzureStorage);
            else client.UseAdoNetClustering(o =>
            {
                o.Invariant = PostgreSqlInvariant;
                o.ConnectionString = cluster.ConnectionString;
            });
            client.Configure<ClusterOptions>(o =>
            {
                o.ServiceId = cluster.ServiceId;
                o.ClusterId = cluster.ClusterId;
            });
        }

        // Consumers only: the silos' pulling agents deliver bumps to this client's subscriptions.
        client.AddMemoryStreams(ProviderNames.Streams);
    }
}
