using System.Text.Json;
using FlagGrains.Contracts;
using FlagGrains.Contracts.Audit;
using FlagGrains.Contracts.Automation;
using FlagGrains.Contracts.Releases;
using FlagGrains.Silo.Apis.Admin;
using FlagGrains.Silo.Apis.Http;

namespace FlagGrains.Silo.Apis.Automation;

/// <summary>
/// A Prometheus Alertmanager webhook receiver (<c>webhook_configs</c>, payload version 4). Each alert labelled
/// <c>flaggrains_release="&lt;id&gt;"</c> (or <c>flaggrains_environment="project/env"</c> plus <c>flaggrains_flag</c>, for
/// whatever release of that flag is active) becomes a signal: firing is unhealthy and rolls the release back, resolved
/// is recorded. Alerts without those labels are ignored, and so is an unknown release: Alertmanager retries failed
/// deliveries, and retrying cannot make them known, so the answer is 200 with what became of each alert.
/// </summary>
public static class AlertmanagerEndpoints
{
    public const string ReleaseLabel = "flaggrains_release";
    public const string EnvironmentLabel = "flaggrains_environment";
    public const string FlagLabel = "flaggrains_flag";

    private const string Example = """{"version":"4","status":"firing","alerts":[{"status":"firing","labels":{"alertname":"CheckoutErrors","flaggrains_release":"rel_…"},"annotations":{"summary":"…"}}]}""";

    public static async Task<IResult> ReceiveAsync(HttpContext http, IGrainFactory grains)
    {
        var (document, problem) = await JsonRequest.ReadObjectAsync(http, Example);
        if (problem is not null) return problem;
        using (document)
        {
            if (!document!.RootElement.TryGetProperty("alerts", out var alerts) || alerts.ValueKind != JsonValueKind.Array)
                return AutomationResults.Invalid("Invalid Alertmanager notification", [new("$.alerts", $"An Alertmanager webhook notification has an 'alerts' array, like {Example}.")]);

            var by = ChangeContexts.From(http);
            var outcomes = new List<object>();
            foreach (var alert in alerts.EnumerateArray().Where(a => a.ValueKind == JsonValueKind.Object))
            {
                var labels = Strings(alert, "labels");
                var annotations = Strings(alert, "annotations");
                var name = labels.GetValueOrDefault("alertname") ?? "alert";
                var status = alert.TryGetProperty("status", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString()! : "firing";
                var releaseId = await ReleaseOfAsync(labels, grains);
                if (releaseId is null)
                {
                    if (labels.ContainsKey(ReleaseLabel) || labels.ContainsKey(FlagLabel))
                        outcomes.Add(new { alert = name, status, release = labels.GetValueOrDefault(ReleaseLabel), outcome = "no such active release" });
                    continue;
                }

                var healthy = status == "resolved";
                var reason = annotations.GetValueOrDefault("summary") ?? annotations.GetValueOrDefault("description") ?? status;
                var signal = new ReleaseSignal(healthy, ReleaseEndpoints.Trim($"alertmanager {name}"), ReleaseEndpoints.Trim(reason), by);
                var result = await grains.GetGrain<IReleaseGrain>(releaseId).SignalAsync(signal);
                outcomes.Add(new { alert = name, status, release = releaseId, outcome = Outcome(result, healthy) });
            }

            return TypedResults.Ok(new { alerts = alerts.GetArrayLength(), signals = outcomes });
        }
    }

    private static string Outcome(ReleaseCommandResult result, bool healthy) => result.Status switch
    {
        AutomationCommandStatus.Done when healthy => "recorded",
        AutomationCommandStatus.Done => AutomationJson.Status(result.Release!.Status),
        AutomationCommandStatus.Conflict => $"release already {AutomationJson.Status(result.Release!.Status)}",
        _ => "no such active release",
    };

    private static async Task<string?> ReleaseOfAsync(Dictionary<string, string> labels, IGrainFactory grains)
    {
        if (labels.TryGetValue(ReleaseLabel, out var id)) return GrainKeys.IsReleaseId(id) ? id : null;
        if (!labels.TryGetValue(EnvironmentLabel, out var environment) || !labels.TryGetValue(FlagLabel, out var flag)) return null;

        var slash = environment.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0 || !GrainKeys.TryEnvironment(environment.AsSpan(0, slash), environment.AsSpan(slash + 1), out var environmentKey)) return null;
        var releases = await grains.GetGrain<IAutomationDirectoryGrain>(environmentKey).ListReleasesAsync();
        return releases.FirstOrDefault(r => r.Flag == flag && r.IsActive)?.Id;
    }

    private static Dictionary<string, string> Strings(JsonElement parent, string name)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!parent.TryGetProperty(name, out var element) || element.ValueKind != JsonValueKind.Object) return values;
        foreach (var property in element.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.String))
            values[property.Name] = property.Value.GetString()!;
        return values;
    }
}
