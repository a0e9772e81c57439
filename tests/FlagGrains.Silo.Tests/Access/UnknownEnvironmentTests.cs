using System.Net;
using FlagGrains.Serving.Resolving;
using FlagGrains.Serving.Snapshots;
using FlagGrains.Silo.Tests.TestSupport;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace FlagGrains.Silo.Tests.Access;

/// <summary>
/// A request naming an environment that does not exist is an attacker's cheapest request: it must cost the silo no
/// grain activation, no stored row and no metric series, however many made-up names arrive.
/// </summary>
public sealed class UnknownEnvironmentTests : IAsyncLifetime
{
    private const int MadeUpProjects = 300;
    private readonly SiloFactory _silo = new();

    public Task InitializeAsync()
    {
        _silo.CreateClient().Dispose();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    [Fact]
    public async Task Keys_of_made_up_projects_get_401_and_leave_no_activation_row_or_series_behind()
    {
        using var admin = _silo.CreateAdminClient();
        var project = Environments.NewProject();
        using var real = _silo.CreateKeyClient(await admin.CreateWithKeyAsync(project, "prod", Documents.Mixed));
        Assert.Equal(HttpStatusCode.OK, (await real.EvaluateAllAsync(new { targetingKey = "u" })).StatusCode);
        var directory = _silo.Services.GetRequiredService<EnvironmentDirectory>();
        var registry = _silo.Services.GetRequiredService<SnapshotRegistry>();
        var activationsBefore = await ActivationsAsync();
        var rowsBefore = await StoredRowsAsync();
        var refreshesBefore = directory.Refreshes;
        var entriesBefore = registry.Count;

        var answers = await Task.WhenAll(Enumerable.Range(0, MadeUpProjects).Select(async i =>
        {
            using var device = _silo.CreateKeyClient($"fgc.p{i}x.prod.abcdefgh.{new string('A', 43)}");
            using var response = (i % 3) switch
            {
                0 => await device.EvaluateAllAsync(new { targetingKey = "u" }),
                1 => await device.EvaluateAsync("dark-mode", new { targetingKey = "u" }),
                _ => await device.GetAsync("/v1/flags"),
            };
            return (response.StatusCode, response.Content.Headers.ContentType?.MediaType);
        }));

        Assert.All(answers, answer => Assert.Equal((HttpStatusCode.Unauthorized, "application/problem+json"), answer));
        Assert.Equal(activationsBefore, await ActivationsAsync());
        Assert.Equal(rowsBefore, await StoredRowsAsync());
        Assert.Equal(entriesBefore, registry.Count);

        // Concurrent misses share catalog reads: a handful, not one per request.
        Assert.InRange(directory.Refreshes - refreshesBefore, 1, 10);

        var scrape = await admin.GetStringAsync("/metrics");
        Assert.DoesNotContain("environment=\"p1x/prod\"", scrape, StringComparison.Ordinal);
        Assert.Contains($"environment=\"{project}/prod\"", scrape, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_name_asked_for_again_is_answered_from_the_negative_entry_without_reading_the_catalog()
    {
        var directory = _silo.Services.GetRequiredService<EnvironmentDirectory>();
        using var device = _silo.CreateKeyClient($"fgc.nowhere.prod.abcdefgh.{new string('A', 43)}");
        Assert.Equal(HttpStatusCode.Unauthorized, (await device.EvaluateAllAsync(new { targetingKey = "u" })).StatusCode);
        var refreshes = directory.Refreshes;

        for (var i = 0; i < 20; i++) Assert.Equal(HttpStatusCode.Unauthorized, (await device.EvaluateAllAsync(new { targetingKey = "u" })).StatusCode);

        Assert.Equal(refreshes, directory.Refreshes);
    }

    /// <summary>Activations of the grains a request for an environment could create: gateways, environments, stream rendezvous.</summary>
    private async Task<Dictionary<string, int>> ActivationsAsync()
    {
        var management = _silo.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0);
        var statistics = await management.GetSimpleGrainStatistics();
        return statistics
            .Where(s => s.GrainType.Contains("GatewayGrain", StringComparison.Ordinal)
                || s.GrainType.Contains("EnvironmentGrain", StringComparison.Ordinal)
                || s.GrainType.Contains("PubSubRendezvous", StringComparison.Ordinal)
                || s.GrainType.Contains("pubsubrendezvous", StringComparison.OrdinalIgnoreCase))
            .GroupBy(s => s.GrainType)
            .ToDictionary(g => g.Key, g => g.Sum(s => s.ActivationCount));
    }

    private async Task<long> StoredRowsAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={_silo.DatabasePath};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var count = connection.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM OrleansStorage";
        return (long)(await count.ExecuteScalarAsync())!;
    }
}
