using System.Net.Http.Json;
using System.Text.Json;
using FlagGrains.Contracts;
using FlagGrains.Serving.Snapshots;
using FlagGrains.Silo.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace FlagGrains.Silo.Tests.Apis.Streams.Support;

/// <summary>A fresh environment with a client key, and the stream URL its bulk evaluation advertises.</summary>
public sealed record StreamScenario(string Project, string Key, string StreamUrl, HttpClient Device)
{
    public string EnvironmentKey => GrainKeys.Environment(Project, "prod");

    public string KeyId => Key.Split('.')[3];

    public static async Task<StreamScenario> CreateAsync(DeliverySiloFixture silo, string document = Documents.Mixed)
    {
        var project = Environments.NewProject();
        var key = await silo.CreateAdminClient().CreateWithKeyAsync(project, "prod", document);
        var device = silo.CreateClient(key);
        var bulk = await device.PostAsJsonAsync("/ofrep/v1/evaluate/flags", new { context = new { targetingKey = "u1" } });
        using var body = JsonDocument.Parse(await bulk.Content.ReadAsStringAsync());
        var url = body.RootElement.GetProperty("eventStreams")[0].GetProperty("url").GetString()!;
        return new StreamScenario(project, key, url, device);
    }

    /// <summary>The version this silo currently serves; notifications carry it as their id.</summary>
    public long CurrentVersion(DeliverySiloFixture silo) =>
        silo.Services.GetRequiredService<SnapshotRegistry>().TryGet(EnvironmentKey, out var snapshot) ? snapshot.Version : -1;
}
