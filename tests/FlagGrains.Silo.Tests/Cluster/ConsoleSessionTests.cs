using System.Net;
using FlagGrains.Silo.Tests.Cluster.Support;
using FlagGrains.Testing.Components;
using FlagGrains.Testing.Postgres;
using Xunit.Abstractions;
using FlagGrains.Testing.Cluster;

namespace FlagGrains.Silo.Tests.Cluster;

/// <summary>
/// A console session is the cluster's, not one silo's: the key ring that protects its cookie lives in the cluster's
/// database, so any silo accepts it, and restarting every silo keeps it.
/// </summary>
[Collection(ClusterProcessesCollection.Name)]
[Trait("Category", "Slow")]
public sealed class ConsoleSessionTests(ITestOutputHelper output)
{
    [ComponentFact(Component.PostgreSql)]
    public async Task A_session_made_on_one_silo_works_on_another_and_survives_restarting_every_silo()
    {
        await using var cluster = await SiloCluster.StartAsync(2, output);
        await cluster.RunAsync(async () =>
        {
            var session = await ConsoleSession.SignInAsync(cluster[0].BaseAddress, SiloCluster.AdminToken);

            using (var onOther = await ConsoleSession.GetAsync(cluster[1].BaseAddress, "/console", session))
            {
                Assert.Equal(HttpStatusCode.OK, onOther.StatusCode);
            }

            await cluster.RestartAllAsync();
            foreach (var silo in cluster.Silos)
            {
                using var afterRestart = await ConsoleSession.GetAsync(silo.BaseAddress, "/console", session);
                Assert.Equal(HttpStatusCode.OK, afterRestart.StatusCode);
            }

            // The check is real: a session cookie the key ring cannot read sends the browser to sign in.
            using var forged = await ConsoleSession.GetAsync(cluster[0].BaseAddress, "/console", ConsoleSession.CookieName + "=CfDJ8forged");
            Assert.NotEqual(HttpStatusCode.OK, forged.StatusCode);
        });
    }
}
