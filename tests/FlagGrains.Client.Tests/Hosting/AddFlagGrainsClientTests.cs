using FlagGrains.Client.Evaluation;
using FlagGrains.Client.Hosting;
using FlagGrains.Client.Tests.TestSupport;
using FlagGrains.Persistence;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace FlagGrains.Client.Tests.Hosting;

public sealed class AddFlagGrainsClientTests
{
    [Fact]
    public void The_cluster_settings_locate_the_cluster_without_the_silos_storage_connection_string()
    {
        var configuration = Configuration(new()
        {
            ["FlagGrains:Cluster:Mode"] = "AdoNet",
            ["FlagGrains:Cluster:ServiceId"] = "svc",
            ["FlagGrains:Cluster:ClusterId"] = "prod-cluster",
            ["FlagGrains:Cluster:ConnectionString"] = "Host=db;Database=flaggrains;Username=membership_reader",
            ["FlagGrains:Cluster:Tls:Enabled"] = "false",
            ["FlagGrains:Storage:ConnectionString"] = "Host=db;Database=flaggrains;Username=silo",
            ["FlagGrains:Client:Environments:0"] = "shop/prod",
            ["FlagGrains:Client:Environments:1"] = "shop/beta",
            ["FlagGrains:Client:VersionCheckInterval"] = "00:00:01",
        });
        using var provider = new ServiceCollection().AddLogging().AddFlagGrainsClient(configuration).BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<FlagGrainsClientOptions>>().Value;
        Assert.Equal(ClientClusterMode.AdoNet, options.Cluster.Mode);
        Assert.Equal(["shop/prod", "shop/beta"], options.Environments);
        Assert.Equal(TimeSpan.FromSeconds(1), options.VersionCheckInterval);
        var cluster = provider.GetRequiredService<IOptions<ClusterOptions>>().Value;
        Assert.Equal(("svc", "prod-cluster"), (cluster.ServiceId, cluster.ClusterId));
        var membership = provider.GetRequiredService<IOptions<AdoNetClusteringClientOptions>>().Value;
        Assert.Equal("Host=db;Database=flaggrains;Username=membership_reader", membership.ConnectionString);
        Assert.Equal(AdoNetInvariants.PostgreSql, membership.Invariant);
    }

    [Fact]
    public void The_silos_azure_settings_locate_the_cluster_through_its_membership_table()
    {
        var configuration = Configuration(new()
        {
            ["FlagGrains:Cluster:Mode"] = "AzureStorage",
            ["FlagGrains:Cluster:ClusterId"] = "prod-cluster",
            ["FlagGrains:Cluster:AzureStorage:ConnectionString"] = "DefaultEndpointsProtocol=http;AccountName=acct;AccountKey=a2V5;TableEndpoint=http://tables.invalid/acct",
            ["FlagGrains:Cluster:AzureStorage:TableName"] = "Membership",
            ["FlagGrains:Cluster:Tls:Enabled"] = "false",
            ["FlagGrains:Client:Environments:0"] = "shop/prod",
        });
        using var provider = new ServiceCollection().AddLogging().AddFlagGrainsClient(configuration).BuildServiceProvider();

        Assert.Equal("prod-cluster", provider.GetRequiredService<IOptions<ClusterOptions>>().Value.ClusterId);
        var membership = provider.GetRequiredService<IOptions<Orleans.Clustering.AzureStorage.AzureStorageGatewayOptions>>().Value;
        Assert.Equal("Membership", membership.TableName);
        Assert.Equal("http://tables.invalid/acct", membership.TableServiceClient!.Uri.GetLeftPart(UriPartial.Path));
    }

    [Theory]
    [InlineData(null, "ConnectionString (a storage account connection string) or FlagGrains:Cluster:AzureStorage:ServiceUri")]
    [InlineData("not a connection string", "is not a usable Azure Storage connection string")]
    public void Azure_mode_without_usable_table_settings_fails_at_registration(string? connectionString, string expected)
    {
        var error = Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddFlagGrainsClient(options =>
        {
            options.AddEnvironment("shop", "prod");
            options.Cluster.Mode = ClientClusterMode.AzureStorage;
            options.Cluster.AzureStorage.ConnectionString = connectionString;
        }));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Localhost_mode_uses_the_silos_default_gateway_and_cluster_names()
    {
        using var provider = new ServiceCollection().AddLogging()
            .AddFlagGrainsClient(options => options.AddEnvironment("shop", "prod"))
            .BuildServiceProvider();

        var cluster = provider.GetRequiredService<IOptions<ClusterOptions>>().Value;
        Assert.Equal(("flaggrains", "flaggrains-local"), (cluster.ServiceId, cluster.ClusterId));
        var gateways = provider.GetRequiredService<IOptions<StaticGatewayListProviderOptions>>().Value.Gateways;
        Assert.Equal(30000, Assert.Single(gateways).Port);
    }

    [Fact]
    public void The_host_starts_the_client_through_the_flaggrains_service_only()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.AddFlagGrainsClient(options => options.AddEnvironment("shop", "prod"));
        using var host = builder.Build();

        var hosted = host.Services.GetServices<IHostedService>().ToList();

        Assert.Contains(hosted, service => service is FlagGrainsClientService);
        Assert.DoesNotContain(hosted, service => service is IClusterClient);
        Assert.Same(host.Services.GetRequiredService<IFlagGrainsClient>().Evaluators[0], host.Services.GetRequiredService<IFlagEvaluator>());
    }

    [Fact]
    public void The_generic_host_builder_overload_reads_the_host_configuration()
    {
        using var host = new HostBuilder()
            .ConfigureAppConfiguration(config => config.AddInMemoryCollection(new Dictionary<string, string?> { ["FlagGrains:Client:Environments:0"] = "shop/prod" }))
            .AddFlagGrainsClient()
            .Build();

        Assert.Equal("shop/prod", host.Services.GetRequiredService<IFlagEvaluator>().EnvironmentKey);
    }

    [Fact]
    public void IFlagEvaluator_is_ambiguous_with_several_environments()
    {
        using var provider = new ServiceCollection().AddLogging()
            .AddFlagGrainsClient(options => options.AddEnvironment("shop", "prod").AddEnvironment("shop", "beta"))
            .BuildServiceProvider();

        var error = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<IFlagEvaluator>());
        Assert.Contains("GetEvaluator", error.Message, StringComparison.Ordinal);
        var client = provider.GetRequiredService<IFlagGrainsClient>();
        Assert.Equal("shop/beta", client.GetEvaluator("shop", "beta").EnvironmentKey);
        Assert.Throws<ArgumentException>(() => client.GetEvaluator("shop", "dev"));
    }

    [Theory]
    [InlineData(null, "names no environment")]
    [InlineData("Shop/prod", "is not {project}/{environment}")]
    [InlineData("shop", "is not {project}/{environment}")]
    [InlineData("shop/prod/x", "is not {project}/{environment}")]
    public void Bad_environment_names_fail_at_registration(string? environment, string expected)
    {
        var error = Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddFlagGrainsClient(options =>
        {
            if (environment is not null) options.Environments.Add(environment);
        }));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Cluster_mode_without_a_connection_string_fails_at_registration()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddFlagGrainsClient(options =>
        {
            options.AddEnvironment("shop", "prod");
            options.Cluster.Mode = ClientClusterMode.AdoNet;
            options.Cluster.Tls.Enabled = false;
        }));

        Assert.Contains("FlagGrains:Cluster:ConnectionString", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_silos_storage_connection_string_alone_is_not_enough()
    {
        var configuration = Configuration(new()
        {
            ["FlagGrains:Cluster:Mode"] = "AdoNet",
            ["FlagGrains:Cluster:Tls:Enabled"] = "false",
            ["FlagGrains:Storage:ConnectionString"] = "Host=db;Database=flaggrains",
            ["FlagGrains:Client:Environments:0"] = "shop/prod",
        });

        var error = Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddFlagGrainsClient(configuration));

        Assert.Contains("FlagGrains:Cluster:ConnectionString", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Cluster_mode_without_client_certificates_fails_at_registration_naming_the_settings()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddFlagGrainsClient(options =>
        {
            options.AddEnvironment("shop", "prod");
            options.Cluster.Mode = ClientClusterMode.AdoNet;
            options.Cluster.ConnectionString = "Host=db";
        }));

        Assert.Contains("FlagGrains:Cluster:Tls:CertificatePath", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_orleans_client_registered_earlier_is_refused()
    {
        var services = new ServiceCollection().AddOrleansClient(client => client.UseLocalhostClustering());

        var error = Assert.Throws<InvalidOperationException>(() => services.AddFlagGrainsClient(options => options.AddEnvironment("shop", "prod")));

        Assert.Contains("before any UseOrleansClient", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_no_cluster_the_host_starts_and_evaluations_answer_PROVIDER_NOT_READY()
    {
        // Nothing listens there: the client keeps trying in the background while the host runs.
        await using var client = await ClientHost.StartAsync(FlagGrains.Testing.FreeTcpPort.Next(), "nowhere", options => options.AddEnvironment("shop", "prod"));
        var flags = client.Flags.GetEvaluator("shop", "prod");

        var details = flags.GetBooleanDetails("new-checkout", true);

        Assert.Equal(FlagEvaluatorStatus.NotReady, flags.Status);
        Assert.True(details.Value);
        Assert.Equal(ClientErrorCodes.ProviderNotReady, details.ErrorCode);
        Assert.False(client.Flags.WaitForReadyAsync().IsCompleted);
    }

    private static IConfiguration Configuration(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();
}
