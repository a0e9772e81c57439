using System.Net;
using FlagGrains.ClusterTls;
using FlagGrains.Contracts;
using FlagGrains.Contracts.Environments;
using FlagGrains.Silo.Tests.Cluster.Support;
using EnvironmentName = FlagGrains.Silo.Tests.Cluster.Support.EnvironmentName;
using FlagGrains.Testing;
using FlagGrains.Testing.Components;
using FlagGrains.Testing.Postgres;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Xunit.Abstractions;
using FlagGrains.Testing.Cluster;

namespace FlagGrains.Silo.Tests.Cluster;

/// <summary>
/// The Orleans ports of a cluster speak mutual TLS only: silos reach each other and clients reach silos with
/// certificates of the cluster's authority; anything else is refused before it can call a grain.
/// </summary>
[Collection(ClusterProcessesCollection.Name)]
[Trait("Category", "Slow")]
public sealed class ClusterTlsTests(ITestOutputHelper output)
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(60);

    // A refused client never gets a grain answer: the silo drops it at the TLS handshake, again at every retry. A
    // trusted client on this box answers within a second or two; ten seconds without one is a refusal, not slowness.
    private static readonly TimeSpan RefusedWithin = TimeSpan.FromSeconds(10);

    [ComponentFact(Component.PostgreSql)]
    public async Task Two_silos_and_a_client_with_certificates_of_the_cluster_authority_work_and_others_are_refused()
    {
        await using var cluster = await SiloCluster.StartAsync(2, output);
        await cluster.RunAsync(async () =>
        {
            var environment = EnvironmentName.New();
            var version = await cluster.Admin(0).PutAcknowledgedAsync(environment, new CountedDocument("tls", 1));

            // Silo 2 serving the write means the silos talked (bumps, snapshot pulls) over their TLS port.
            await Poll.UntilAsync($"silo2 serves {environment}", TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(100),
                async () => (await cluster.Admin(1).GetAsync(environment)).Version == version);

            var trusted = TestCertificates.Shared.Issue("internal-service", server: false);
            await using (var client = await ConnectAsync(cluster, ClusterCertificates.Load(Tls(TestCertificates.Shared, trusted), asServer: false), ConnectTimeout))
            {
                Assert.Equal(version, await client.GetGrain<IEnvironmentGrain>(environment.GrainKey).GetVersionAsync());
            }

            // The client library as an internal service runs it: TLS, and only the membership connection string.
            using (var service = await InternalService.StartAsync(environment, new Dictionary<string, string?>
            {
                ["FlagGrains:Cluster:Mode"] = "AdoNet",
                ["FlagGrains:Cluster:ServiceId"] = SiloSettings.ServiceId,
                ["FlagGrains:Cluster:ClusterId"] = cluster.ClusterId,
                ["FlagGrains:Cluster:ConnectionString"] = cluster.Schema.ConnectionString,
            }))
            {
                var flags = service.Flags(environment);
                await flags.WaitForReadyAsync().WaitAsync(ConnectTimeout);
                Assert.Equal(version, flags.Version);
                await service.StopAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(15));
            }

            var stranger = TestCertificates.Create("stranger");
            var foreign = ClusterCertificates.Load(Tls(stranger, stranger.Issue("intruder", server: false)), asServer: false);
            await Assert.ThrowsAnyAsync<Exception>(async () => await (await ConnectAsync(cluster, foreign, RefusedWithin)).DisposeAsync());
            await Assert.ThrowsAnyAsync<Exception>(async () => await (await ConnectAsync(cluster, certificates: null, RefusedWithin)).DisposeAsync());
            Assert.All(cluster.Silos, silo => Assert.False(silo.HasExited));
        });
    }

    [ComponentFact(Component.PostgreSql)]
    public async Task Orleans_ports_listen_on_the_advertised_address_only()
    {
        await using var cluster = await SiloCluster.StartAsync(1, output);
        var silo = cluster[0];

        foreach (var port in new[] { silo.SiloPort, silo.GatewayPort })
        {
            var addresses = ListeningSockets.AddressesListeningOn(port);
            output.WriteLine($"port {port}: {string.Join(", ", addresses)}");
            Assert.Equal([IPAddress.Loopback], addresses);
        }
    }

    private static ClusterTlsOptions Tls(TestCertificates authority, (string CertificatePath, string KeyPath) issued) => new()
    {
        Enabled = true,
        CertificatePath = issued.CertificatePath,
        KeyPath = issued.KeyPath,
        CaCertificatePath = authority.AuthorityPath,
    };

    /// <summary>A plain Orleans client of the test cluster; its start throws when no gateway accepts it.</summary>
    private static async Task<ConnectedClient> ConnectAsync(SiloCluster cluster, ClusterCertificates? certificates, TimeSpan within)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.UseOrleansClient(client =>
        {
            cluster.Membership.UseIn(client);
            client.Configure<ClusterOptions>(o =>
            {
                o.ServiceId = SiloSettings.ServiceId;
                o.ClusterId = cluster.ClusterId;
            });
            if (certificates is not null) client.UseClusterTls(certificates);
        });
        var host = builder.Build();
        try
        {
            using var timeout = new CancellationTokenSource(within);
            await host.StartAsync(timeout.Token);
            var client = host.Services.GetRequiredService<IClusterClient>();

            // A gateway that accepted the socket but not the client would fail here instead.
            await client.GetGrain<IEnvironmentGrain>(GrainKeys.Environment("tls-probe", "prod")).GetVersionAsync().WaitAsync(within);
            return new ConnectedClient(host, client);
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }

    private sealed class ConnectedClient(IHost host, IClusterClient client) : IAsyncDisposable
    {
        public TGrain GetGrain<TGrain>(string key) where TGrain : IGrainWithStringKey => client.GetGrain<TGrain>(key);

        public async ValueTask DisposeAsync()
        {
            await host.StopAsync();
            host.Dispose();
        }
    }
}
