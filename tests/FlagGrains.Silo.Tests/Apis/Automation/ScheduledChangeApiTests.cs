using System.Net;
using FlagGrains.Silo.Tests.TestSupport;

namespace FlagGrains.Silo.Tests.Apis.Automation;

[Collection(SiloCollection.Name)]
public sealed class ScheduledChangeApiTests(SiloFixture silo)
{
    private const string RedBanner = """{"state":"ENABLED","variants":{"red":"#d33","blue":"#33d"},"defaultVariant":"red"}""";

    private readonly HttpClient _admin = silo.Factory.CreateAdminClient();

    private static string At(TimeSpan from) => (DateTimeOffset.UtcNow + from).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task A_scheduled_change_is_created_listed_and_cancelled_until_it_runs()
    {
        var project = await _admin.NewEnvironmentAsync();
        var environment = AutomationRequests.Environment(project);

        var created = await (await _admin.PostJsonAsync($"{environment}/scheduled-changes", $$$"""{"at":"{{{At(TimeSpan.FromDays(2))}}}","flags":{"banner":{{{RedBanner}}}}}""")).JsonAsync(HttpStatusCode.Created);
        var id = created.GetProperty("id").GetString()!;

        Assert.Equal("scheduled", created.GetProperty("status").GetString());
        Assert.Equal("red", created.GetProperty("flags").GetProperty("banner").GetProperty("defaultVariant").GetString());
        var listed = await (await _admin.GetAsync($"{environment}/scheduled-changes?flag=banner")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(id, listed.GetProperty("scheduledChanges")[0].GetProperty("id").GetString());
        var otherFlag = await (await _admin.GetAsync($"{environment}/scheduled-changes?flag=checkout")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(0, otherFlag.GetProperty("scheduledChanges").GetArrayLength());

        Assert.Equal(HttpStatusCode.NoContent, (await _admin.DeleteAsync($"{environment}/scheduled-changes/{id}")).StatusCode);
        var cancelled = await (await _admin.GetAsync($"{environment}/scheduled-changes/{id}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("cancelled", cancelled.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await _admin.DeleteAsync($"{environment}/scheduled-changes/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _admin.DeleteAsync($"{environment}/scheduled-changes/chg_aaaaaaaaaaaaaaaa")).StatusCode);
    }

    [Fact]
    public async Task A_scheduled_change_applies_by_itself_at_its_time()
    {
        var project = await _admin.NewEnvironmentAsync();
        var environment = AutomationRequests.Environment(project);
        var created = await (await _admin.PostJsonAsync($"{environment}/scheduled-changes", $$$"""{"at":"{{{At(TimeSpan.FromSeconds(2))}}}","flags":{"banner":{{{RedBanner}}},"checkout":null}}""")).JsonAsync(HttpStatusCode.Created);

        var applied = await _admin.WaitForAsync($"{environment}/scheduled-changes/{created.GetProperty("id").GetString()}",
            c => c.GetProperty("status").GetString() != "scheduled", "the change runs");

        Assert.Equal("applied", applied.GetProperty("status").GetString());
        var flags = await (await _admin.GetAsync($"{environment}/flags")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("red", flags.GetProperty("flags").GetProperty("banner").GetProperty("defaultVariant").GetString());
        Assert.False(flags.GetProperty("flags").TryGetProperty("checkout", out _));
        Assert.Equal(applied.GetProperty("version").GetInt64(), (await _admin.GetAsync($"{environment}/flags")).Headers.ETag!.Tag.Trim('"', 'v') is var v ? long.Parse(v, System.Globalization.CultureInfo.InvariantCulture) : 0);
    }

    public static TheoryData<string, string> BadChanges() => new()
    {
        { """{"at":"2020-01-01T00:00:00Z","flags":{"banner":null}}""", "$.at" },
        { """{"flags":{"banner":null}}""", "$.at" },
        { """{"at":"tomorrow","flags":{"banner":null}}""", "$.at" },
        { $$$"""{"at":"{{{At(TimeSpan.FromDays(1))}}}","flags":[]}""", "$.flags" },
        { $$$"""{"at":"{{{At(TimeSpan.FromDays(1))}}}","flags":{}}""", "$.flags" },
        { $$$"""{"at":"{{{At(TimeSpan.FromDays(1))}}}","flags":{"banner":"red"}}""", "$.flags.banner" },
        { $$$"""{"at":"{{{At(TimeSpan.FromDays(1))}}}","flags":{"ghost":null}}""", "$.flags.ghost" },
        { $$$$"""{"at":"{{{{At(TimeSpan.FromDays(1))}}}}","flags":{"banner":{"state":"ENABLED","variants":{"red":"#d33"},"defaultVariant":"blue"}}}""", "$.flags.banner.defaultVariant" },
        { $$$"""{"at":"{{{At(TimeSpan.FromDays(1))}}}","flags":{"banner":null},"when":"now"}""", "$.when" },
    };

    [Theory]
    [MemberData(nameof(BadChanges))]
    public async Task Bad_input_is_a_400_naming_the_field_and_nothing_is_scheduled(string body, string path)
    {
        var project = await _admin.NewEnvironmentAsync();
        var environment = AutomationRequests.Environment(project);

        var response = await _admin.PostJsonAsync($"{environment}/scheduled-changes", body);

        Assert.Contains(path, await response.ProblemPathsAsync());
        var listed = await (await _admin.GetAsync($"{environment}/scheduled-changes")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(0, listed.GetProperty("scheduledChanges").GetArrayLength());
    }
}
