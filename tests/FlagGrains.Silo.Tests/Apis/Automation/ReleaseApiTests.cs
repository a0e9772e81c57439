using System.Net;
using System.Text.Json;
using FlagGrains.Silo.Tests.TestSupport;

namespace FlagGrains.Silo.Tests.Apis.Automation;

[Collection(SiloCollection.Name)]
public sealed class ReleaseApiTests(SiloFixture silo)
{
    private const string ThreeSteps = """{"flag":"checkout","variant":"on","baseline":"off","steps":[{"percent":5,"hold":"PT10M"},{"percent":25,"hold":"PT1H"},{"percent":100}],"guardrails":{"maxErrorRate":0.02,"minEvaluations":200}}""";

    private readonly HttpClient _admin = silo.Factory.CreateAdminClient();

    [Fact]
    public async Task Creating_a_release_answers_201_and_splits_the_flag_at_the_first_step()
    {
        var project = await _admin.NewEnvironmentAsync();

        var response = await _admin.PostJsonAsync($"{AutomationRequests.Environment(project)}/releases", ThreeSteps);
        var release = await response.JsonAsync(HttpStatusCode.Created);

        var id = release.GetProperty("id").GetString()!;
        Assert.StartsWith("rel_", id, StringComparison.Ordinal);
        Assert.Equal($"/admin/v1/projects/{project}/environments/prod/releases/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal(("running", 1, 5), (release.GetProperty("status").GetString(), release.GetProperty("currentStep").GetInt32(), release.GetProperty("percent").GetInt32()));
        Assert.True(release.GetProperty("nextStepAt").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(9));
        Assert.Equal(["PT10M", "PT1H", null], release.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("hold").GetString()));
        Assert.Equal(5, await _admin.SplitPercentAsync(project));

        var read = await (await _admin.GetAsync($"{AutomationRequests.Environment(project)}/releases/{id}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(release.GetProperty("history")[0].GetProperty("version").GetInt64(), read.GetProperty("steps")[0].GetProperty("version").GetInt64());
        var listed = await (await _admin.GetAsync($"{AutomationRequests.Environment(project)}/releases")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(id, listed.GetProperty("releases")[0].GetProperty("id").GetString());
    }

    [Fact]
    public async Task A_release_takes_its_steps_by_itself_through_the_reminder_table_and_ends_completed()
    {
        var project = await _admin.NewEnvironmentAsync();
        var release = await _admin.CreateReleaseAsync(project, """{"flag":"checkout","variant":"on","baseline":"off","steps":[{"percent":10,"hold":"PT1S"},{"percent":100}]}""");
        var path = $"{AutomationRequests.Environment(project)}/releases/{release.GetProperty("id").GetString()}";

        var done = await _admin.WaitForAsync(path, r => r.GetProperty("status").GetString() == "completed", "the release completes");

        Assert.Equal(100, await _admin.SplitPercentAsync(project));
        var versions = done.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("version").GetInt64()).ToList();
        Assert.Equal(versions[0] + 1, versions[1]);
        Assert.Equal(["step", "step", "completed"], done.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("event").GetString()));
    }

    public static TheoryData<string, string> BadReleases() => new()
    {
        { """{"flag":"checkout","variant":"on","baseline":"off","steps":[]}""", "$.steps" },
        { """{"flag":"checkout","variant":"on","baseline":"off","steps":[{"percent":25,"hold":"PT1M"},{"percent":10}]}""", "$.steps[1].percent" },
        { """{"flag":"checkout","variant":"on","baseline":"off","steps":[{"percent":101}]}""", "$.steps[0].percent" },
        { """{"flag":"checkout","variant":"on","baseline":"off","steps":[{"percent":5.5}]}""", "$.steps[0].percent" },
        { """{"flag":"checkout","variant":"on","baseline":"off","steps":[{"percent":5,"hold":"ten minutes"},{"percent":9}]}""", "$.steps[0].hold" },
        { """{"flag":"checkout","variant":"on","baseline":"off","steps":[{"percent":5,"holds":"PT1M"},{"percent":9}]}""", "$.steps[0].holds" },
        { """{"flag":"checkout","variant":"on","baseline":"off","steps":[{"percent":100}],"startAt":"2020-01-01T00:00:00Z"}""", "$.startAt" },
        { """{"flag":"checkout","variant":"on","baseline":"off","steps":[{"percent":100}],"startAt":"2030-01-01T00:00:00"}""", "$.startAt" },
        { """{"flag":"nope","variant":"on","baseline":"off","steps":[{"percent":100}]}""", "$.flag" },
        { """{"flag":"checkout","variant":"green","baseline":"off","steps":[{"percent":100}]}""", "$.variant" },
        { """{"flag":"checkout","variant":"on","baseline":"purple","steps":[{"percent":100}]}""", "$.baseline" },
        { """{"flag":"checkout","variant":"on","baseline":"off","steps":[{"percent":100}],"guardrails":{"maxErrorRate":2}}""", "$.guardrails.maxErrorRate" },
        { """{"variant":"on","baseline":"off","steps":[{"percent":100}]}""", "$.flag" },
    };

    [Theory]
    [MemberData(nameof(BadReleases))]
    public async Task Bad_input_is_a_400_naming_the_field_and_nothing_is_applied(string body, string path)
    {
        var project = await _admin.NewEnvironmentAsync();
        var flagBefore = await (await _admin.GetAsync($"{AutomationRequests.Environment(project)}/flags")).Content.ReadAsStringAsync();

        var response = await _admin.PostJsonAsync($"{AutomationRequests.Environment(project)}/releases", body);

        Assert.Contains(path, await response.ProblemPathsAsync());
        Assert.Equal(flagBefore, await (await _admin.GetAsync($"{AutomationRequests.Environment(project)}/flags")).Content.ReadAsStringAsync());
        var listed = await (await _admin.GetAsync($"{AutomationRequests.Environment(project)}/releases")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(0, listed.GetProperty("releases").GetArrayLength());
    }

    [Fact]
    public async Task A_second_active_release_of_a_flag_is_a_409_and_an_unknown_environment_a_404()
    {
        var project = await _admin.NewEnvironmentAsync();
        var first = await _admin.CreateReleaseAsync(project, ThreeSteps);

        var second = await _admin.PostJsonAsync($"{AutomationRequests.Environment(project)}/releases", ThreeSteps);
        var missing = await _admin.PostJsonAsync("/admin/v1/projects/no-such-project/environments/prod/releases", ThreeSteps);

        Assert.Contains(first.GetProperty("id").GetString()!, (await second.JsonAsync(HttpStatusCode.Conflict)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Pause_resume_and_rollback_answer_with_the_release_and_refuse_what_its_state_forbids()
    {
        var project = await _admin.NewEnvironmentAsync();
        var path = $"{AutomationRequests.Environment(project)}/releases/{(await _admin.CreateReleaseAsync(project, ThreeSteps)).GetProperty("id").GetString()}";

        var paused = await (await _admin.PostAsync($"{path}/pause", null)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(("paused", JsonValueKind.Null), (paused.GetProperty("status").GetString(), paused.GetProperty("nextStepAt").ValueKind));
        Assert.Equal(HttpStatusCode.Conflict, (await _admin.PostAsync($"{path}/pause", null)).StatusCode);
        Assert.Equal("running", (await (await _admin.PostAsync($"{path}/resume", null)).JsonAsync(HttpStatusCode.OK)).GetProperty("status").GetString());

        var rolledBack = await (await _admin.PostAsync($"{path}/rollback", null)).JsonAsync(HttpStatusCode.OK);

        Assert.Equal(("rolled-back", 0), (rolledBack.GetProperty("status").GetString(), rolledBack.GetProperty("percent").GetInt32()));
        Assert.Equal(0, await _admin.SplitPercentAsync(project));
        Assert.Equal(HttpStatusCode.Conflict, (await _admin.PostAsync($"{path}/rollback", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await _admin.PostAsync($"{path}/resume", null)).StatusCode);

        var audit = await (await _admin.GetAsync($"{AutomationRequests.Environment(project)}/audit?flag=checkout")).JsonAsync(HttpStatusCode.OK);
        var latest = audit.GetProperty("entries")[0];
        Assert.Equal("release.rollback", latest.GetProperty("action").GetString());
        Assert.StartsWith("release rel_", latest.GetProperty("actor").GetProperty("name").GetString(), StringComparison.Ordinal);
        Assert.Equal("bootstrap", latest.GetProperty("actor").GetProperty("onBehalfOf").GetProperty("name").GetString());
    }

    [Fact]
    public async Task An_unhealthy_signal_rolls_back_at_once_and_says_why()
    {
        var project = await _admin.NewEnvironmentAsync();
        var path = $"{AutomationRequests.Environment(project)}/releases/{(await _admin.CreateReleaseAsync(project, ThreeSteps)).GetProperty("id").GetString()}";

        var healthy = await (await _admin.PostJsonAsync($"{path}/signals", """{"healthy":true,"source":"canary"}""")).JsonAsync(HttpStatusCode.OK);
        var bad = await _admin.PostJsonAsync($"{path}/signals", """{"source":"canary"}""");
        var unhealthy = await (await _admin.PostJsonAsync($"{path}/signals", """{"healthy":false,"source":"canary","reason":"crash rate 3x"}""")).JsonAsync(HttpStatusCode.OK);

        Assert.Equal("running", healthy.GetProperty("status").GetString());
        Assert.Equal(["$.healthy"], await bad.ProblemPathsAsync());
        Assert.Equal(("rolled-back", "unhealthy signal from canary: crash rate 3x"), (unhealthy.GetProperty("status").GetString(), unhealthy.GetProperty("reason").GetString()));
    }

    [Fact]
    public async Task A_release_is_only_found_in_its_own_environment()
    {
        var project = await _admin.NewEnvironmentAsync();
        var other = await _admin.NewEnvironmentAsync();
        var id = (await _admin.CreateReleaseAsync(project, ThreeSteps)).GetProperty("id").GetString();

        Assert.Equal(HttpStatusCode.NotFound, (await _admin.GetAsync($"{AutomationRequests.Environment(other)}/releases/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _admin.PostAsync($"{AutomationRequests.Environment(other)}/releases/{id}/rollback", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _admin.GetAsync($"{AutomationRequests.Environment(project)}/releases/rel_notarealid")).StatusCode);
    }
}
