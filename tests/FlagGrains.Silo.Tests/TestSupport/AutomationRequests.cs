using System.Net;
using System.Text;
using System.Text.Json;

namespace FlagGrains.Silo.Tests.TestSupport;

/// <summary>Release and scheduled-change calls through the admin API, as an operator's script would make them.</summary>
public static class AutomationRequests
{
    public const string Checkout = """
        {
          "flags": {
            "checkout": { "state": "ENABLED", "variants": { "on": true, "off": false }, "defaultVariant": "off",
              "targeting": { "if": [ { "in": [ { "var": "targetingKey" }, [ "staff-1" ] ] }, "on" ] } },
            "banner": { "state": "ENABLED", "variants": { "red": "#d33", "blue": "#33d" }, "defaultVariant": "blue" }
          }
        }
        """;

    public static string Environment(string project) => $"/admin/v1/projects/{project}/environments/prod";

    public static async Task<string> NewEnvironmentAsync(this HttpClient admin)
    {
        var project = Environments.NewProject();
        Assert.Equal(HttpStatusCode.OK, (await admin.PutFlagsAsync(project, "prod", Checkout)).StatusCode);
        return project;
    }

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string path, string json) =>
        client.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

    /// <summary>The JSON paths a 400 problem names.</summary>
    public static async Task<List<string>> ProblemPathsAsync(this HttpResponseMessage response)
    {
        var problem = await response.JsonAsync(HttpStatusCode.BadRequest);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return problem.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("path").GetString()!).ToList();
    }

    /// <param name="overridePolicy">An admin's override, which an environment under an approval policy needs for a release.</param>
    public static async Task<JsonElement> CreateReleaseAsync(this HttpClient admin, string project, string body, bool overridePolicy = false) =>
        await (await admin.PostJsonAsync($"{Environment(project)}/releases{(overridePolicy ? "?override=true" : "")}", body)).JsonAsync(HttpStatusCode.Created);

    /// <summary>Polls a resource until <paramref name="condition"/> holds: a bounded wait for an event, not a timing promise.</summary>
    public static async Task<JsonElement> WaitForAsync(this HttpClient admin, string path, Func<JsonElement, bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var current = await (await admin.GetAsync(path)).JsonAsync(HttpStatusCode.OK);
            if (condition(current)) return current;
            Assert.True(DateTime.UtcNow < deadline, $"Not within 30 s: {what}. Last seen: {current}");
            await Task.Delay(100);
        }
    }

    /// <summary>The percentage the release's split gives the variant, read from the flag as stored.</summary>
    public static async Task<int> SplitPercentAsync(this HttpClient admin, string project, string flag = "checkout")
    {
        var definition = await (await admin.GetAsync($"{Environment(project)}/flags/{flag}")).JsonAsync(HttpStatusCode.OK);
        var targeting = definition.GetProperty("targeting");
        var split = targeting.TryGetProperty("fractional", out _) ? targeting : targeting.GetProperty("if")[targeting.GetProperty("if").GetArrayLength() - 1];
        return split.GetProperty("fractional")[0][1].GetInt32();
    }
}
