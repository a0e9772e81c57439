using System.Net;
using FlagGrains.Contracts;
using FlagGrains.Serving.Resolving;
using FlagGrains.Serving.Snapshots;
using FlagGrains.Silo.Apis.Health;
using FlagGrains.Silo.Tests.Cluster.Support;
using FlagGrains.Testing.Cluster;
using FlagGrains.Silo.Tests.TestSupport;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Runtime;
using FlagGrains.Testing;

namespace FlagGrains.Silo.Tests.Apis.Health;

public sealed class ReadinessTests
{
    [Fact]
    public async Task A_restarted_silo_is_ready_only_with_snapshots_of_every_existing_environment()
    {
        string databasePath;
        var project = TestSupport.Environments.NewProject();
        await using (var first = new SiloFactory())
        {
            databasePath = first.DatabasePath;
            using var admin = first.CreateAdminClient();
            Assert.Equal(HttpStatusCode.OK, (await admin.PutFlagsAsync(project, "prod", Documents.Mixed)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await admin.PutFlagsAsync(project, "beta", Documents.Mixed)).StatusCode);
        }

        await using var second = new SiloFactory(databasePath);
        using var client = second.CreateClient();
        await Poll.UntilAsync("/health/ready answers 200", TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(50),
            async () => (await client.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK);

        var registry = second.Services.GetRequiredService<SnapshotRegistry>();
        Assert.True(registry.TryGet(GrainKeys.Environment(project, "prod"), out _));
        Assert.True(registry.TryGet(GrainKeys.Environment(project, "beta"), out _));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
    }

    [Fact]
    public async Task A_silo_whose_gateways_have_not_warmed_is_not_ready()
    {
        await using var factory = new SiloFactory();
        factory.CreateClient().Dispose();
        var services = factory.Services;

        // The same silo, judged against a warm-up that never ran: nothing is known to be served yet.
        var coldWarmup = new GatewayWarmup(
            services.GetRequiredService<IGrainFactory>(),
            services.GetRequiredService<SnapshotRegistry>(),
            services.GetRequiredService<SnapshotResolver>(),
            services.GetRequiredService<IHostApplicationLifetime>(),
            NullLogger<GatewayWarmup>.Instance);
        var readiness = new SiloReadiness(
            services.GetRequiredService<IHostApplicationLifetime>(),
            services.GetRequiredService<IClusterMembershipService>(),
            services.GetRequiredService<ILocalSiloDetails>(),
            coldWarmup);

        Assert.Contains("catalog", Assert.Single(readiness.Problems()), StringComparison.Ordinal);
        var real = services.GetRequiredService<SiloReadiness>();
        await Poll.UntilAsync(() => string.Join(" ", real.Problems()), TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(50),
            () => Task.FromResult(real.Problems().Count == 0));
    }

    [Fact]
    public async Task Anyone_learns_that_a_silo_is_not_ready_but_only_an_admin_token_learns_why()
    {
        await using var factory = new SiloFactory().WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
            services.AddSingleton(sp => new SiloReadiness(
                sp.GetRequiredService<IHostApplicationLifetime>(),
                sp.GetRequiredService<IClusterMembershipService>(),
                sp.GetRequiredService<ILocalSiloDetails>(),
                new GatewayWarmup(sp.GetRequiredService<IGrainFactory>(), sp.GetRequiredService<SnapshotRegistry>(),
                    sp.GetRequiredService<SnapshotResolver>(), sp.GetRequiredService<IHostApplicationLifetime>(), NullLogger<GatewayWarmup>.Instance)))));
        var why = string.Join(" ", factory.Services.GetRequiredService<SiloReadiness>().Problems());
        using var anonymous = factory.CreateClient();
        using var admin = factory.CreateClient();
        admin.DefaultRequestHeaders.Authorization = new("Bearer", SiloFactory.AdminToken);

        var told = await anonymous.GetAsync("/health/ready");
        var explained = await admin.GetAsync("/health/ready");

        Assert.Equal((HttpStatusCode.ServiceUnavailable, HttpStatusCode.ServiceUnavailable), (told.StatusCode, explained.StatusCode));
        Assert.DoesNotContain(why, await told.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("not ready", await told.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        Assert.Contains(why, await explained.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
