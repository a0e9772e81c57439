using System.Net;
using FlagGrains.Silo.Tests.TestSupport;

namespace FlagGrains.Silo.Tests.Hosting;

public sealed class DurabilityTests
{
    [Fact]
    public async Task Flags_and_keys_survive_a_silo_restart()
    {
        var project = Environments.NewProject();
        string key;
        string before;
        string databasePath;
        await using (var first = new SiloFactory())
        {
            databasePath = first.DatabasePath;
            key = await first.CreateAdminClient().CreateWithKeyAsync(project, "prod", Documents.Bench50);
            before = FlagsOf(await (await first.CreateKeyClient(key).EvaluateAllAsync(new { targetingKey = "user-7" })).Content.ReadAsStringAsync());
        }

        await using var second = new SiloFactory(databasePath);
        var after = await second.CreateKeyClient(key).EvaluateAllAsync(new { targetingKey = "user-7" });

        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Equal(before, FlagsOf(await after.Content.ReadAsStringAsync()));
    }

    /// <summary>The evaluations only: the advertised stream URL rotates hourly and is not what must survive.</summary>
    private static string FlagsOf(string bulkBody)
    {
        using var body = System.Text.Json.JsonDocument.Parse(bulkBody);
        return body.RootElement.GetProperty("flags").GetRawText();
    }
}
