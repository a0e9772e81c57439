using System.Net;
using FlagGrains.Silo.Tests.TestSupport;

namespace FlagGrains.Silo.Tests.Telemetry;

[Collection(TelemetryCollection.Name)]
public sealed class MetricsEndpointTests(SiloFixture fixture)
{
    [Fact]
    public async Task Scrape_needs_an_admin_token()
    {
        using var anonymous = fixture.Factory.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/metrics")).StatusCode);

        using var viewer = await fixture.Factory.CreateClientWithRoleAsync("viewer");
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync("/metrics")).StatusCode);
    }

    [Fact]
    public async Task Evaluations_appear_by_environment_flag_variant_and_reason()
    {
        using var admin = fixture.Factory.CreateAdminClient();
        var project = Environments.NewProject();
        using var client = fixture.Factory.CreateKeyClient(await admin.CreateWithKeyAsync(project, "prod", Documents.Mixed));
        for (var i = 0; i < 3; i++) await client.EvaluateAsync("dark-mode", new { targetingKey = "a", email = "a@example.com" });

        var scrape = await admin.GetStringAsync("/metrics");

        var series = scrape.Split('\n').Single(line =>
            line.StartsWith("flaggrains_evaluations_total{", StringComparison.Ordinal) && line.Contains($"environment=\"{project}/prod\"", StringComparison.Ordinal)
            && line.Contains("flag=\"dark-mode\"", StringComparison.Ordinal));
        Assert.Contains("variant=\"on\"", series, StringComparison.Ordinal);
        Assert.Contains("reason=\"TARGETING_MATCH\"", series, StringComparison.Ordinal);
        Assert.EndsWith(" 3", series.Split(" # ")[0].Trim(), StringComparison.Ordinal);
        Assert.Contains(scrape.Split('\n'), line =>
            line.StartsWith("flaggrains_gateway_snapshot_version{", StringComparison.Ordinal) && line.Contains($"environment=\"{project}/prod\"", StringComparison.Ordinal));
        Assert.Contains("flaggrains_evaluation_duration_seconds_bucket{", scrape, StringComparison.Ordinal);
    }
}
