using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FlagGrains.Silo.Tests.TestSupport;

namespace FlagGrains.Silo.Tests.Apis.Automation;

/// <summary>
/// Releases and scheduled changes write flags without review when they run, so in an environment under an approval
/// policy they cannot be how an editor skips the review a direct write waits for.
/// </summary>
[Collection(SiloCollection.Name)]
public sealed class GovernedAutomationApiTests(SiloFixture silo)
{
    private const string Release = """{"flag":"checkout","variant":"on","baseline":"off","steps":[{"percent":100}]}""";

    private readonly HttpClient _admin = silo.Factory.CreateAdminClient();

    private const string RedBanner = """{"state":"ENABLED","variants":{"red":"#d33","blue":"#33d"},"defaultVariant":"red"}""";

    private static string ScheduledChange =>
        $$$"""{"at":"{{{(DateTimeOffset.UtcNow + TimeSpan.FromDays(1)).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture)}}}","flags":{"banner":{{{RedBanner}}}}}""";

    [Theory]
    [InlineData("releases")]
    [InlineData("scheduled-changes")]
    public async Task An_editor_is_refused_with_403_naming_the_policy_and_nothing_is_created(string kind)
    {
        var environment = await GovernedEnvironmentAsync();
        var editor = await silo.Factory.CreateTokenAsync("editor", $"governed-{kind}-editor");

        var refused = await editor.Client.PostJsonAsync($"{environment}/{kind}", Body(kind));

        var problem = await refused.JsonAsync(HttpStatusCode.Forbidden);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Contains("requires 1 approval", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await CountAsync(environment, kind));

        // Asking for the override does not help an editor: it needs the admin role, as for direct writes.
        var overriding = await editor.Client.PostJsonAsync($"{environment}/{kind}?override=true", Body(kind));
        var error = (await overriding.JsonAsync(HttpStatusCode.Forbidden)).GetProperty("errors")[0];
        Assert.Equal("override", error.GetProperty("field").GetString());
        Assert.Contains("refused where the environment requires approvals", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await CountAsync(environment, kind));
    }

    [Theory]
    [InlineData("releases")]
    [InlineData("scheduled-changes")]
    public async Task An_admin_creates_it_only_with_an_explicit_override(string kind)
    {
        var environment = await GovernedEnvironmentAsync();

        Assert.Equal(HttpStatusCode.Forbidden, (await _admin.PostJsonAsync($"{environment}/{kind}", Body(kind))).StatusCode);
        var created = await _admin.PostJsonAsync($"{environment}/{kind}?override=true", Body(kind));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(1, await CountAsync(environment, kind));
    }

    private static string Body(string kind) => kind == "releases" ? Release : ScheduledChange;

    private async Task<string> GovernedEnvironmentAsync()
    {
        var project = await _admin.NewEnvironmentAsync();
        var environment = AutomationRequests.Environment(project);
        var policy = await _admin.PutAsJsonAsync($"{environment}/policy", new { requiredApprovals = 1 });
        Assert.Equal(HttpStatusCode.OK, policy.StatusCode);
        return environment;
    }

    private async Task<int> CountAsync(string environment, string kind)
    {
        var listed = await (await _admin.GetAsync($"{environment}/{kind}")).JsonAsync(HttpStatusCode.OK);
        return listed.GetProperty(kind == "releases" ? "releases" : "scheduledChanges").GetArrayLength();
    }
}
