using FlagGrains.Testing.Components;
using FlagGrains.Client.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Shop.Shipping;

namespace FlagGrains.Client.Tests.ReadmeSample;

[Collection(ClientClusterCollection.Name)]
public sealed class ReadmeSampleTests(ClientClusterFixture cluster) : IDisposable
{
    private const string FreeShippingInGermany = """
        {
          "flags": {
            "free-shipping": {
              "state": "ENABLED",
              "variants": { "on": true, "off": false },
              "defaultVariant": "off",
              "targeting": { "if": [ { "==": [ { "var": "country" }, "de" ] }, "on", null ] }
            }
          }
        }
        """;

    private readonly string _workingDirectory = Directory.CreateTempSubdirectory("flaggrains-sample-").FullName;

    public void Dispose() => Directory.Delete(_workingDirectory, recursive: true);

    [Fact]
    public async Task The_sample_service_evaluates_flags_from_the_cluster()
    {
        await cluster.PutAsync("shop/prod", FreeShippingInGermany);
        string[] args =
        [
            $"--FlagGrains:Cluster:GatewayPort={cluster.GatewayPort}",
            $"--FlagGrains:Cluster:ClusterId={cluster.Cluster.Options.ClusterId}",
            $"--FlagGrains:Client:SnapshotCacheDirectory={Path.Combine(_workingDirectory, "flag-cache")}",
        ];

        using var host = InternalServiceSample.Build(args);
        await host.StartAsync();
        await host.Services.GetRequiredService<IFlagGrainsClient>().WaitForReadyAsync().WaitAsync(Signals.Patience);
        var fees = host.Services.GetRequiredService<ShippingFees>();

        Assert.Equal(0m, fees.For("user-1", "de"));
        Assert.Equal(4.90m, fees.For("user-1", "fr"));
        Assert.Single(Directory.GetFiles(Path.Combine(_workingDirectory, "flag-cache")));
        await host.StopAsync();
    }

    [Fact]
    public void The_readme_shows_the_compiled_sample_verbatim()
    {
        var sample = File.ReadAllText(RepositoryRoot.PathOf("tests", "FlagGrains.Client.Tests", "ReadmeSample", "InternalServiceSample.cs"));
        var readme = File.ReadAllText(RepositoryRoot.PathOf("README.md"));

        Assert.Contains(sample.ReplaceLineEndings("\n").Trim(), readme.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }
}
