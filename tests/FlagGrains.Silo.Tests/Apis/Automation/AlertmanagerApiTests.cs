using System.Net;
using System.Text.Json;
using FlagGrains.Silo.Tests.TestSupport;

namespace FlagGrains.Silo.Tests.Apis.Automation;

/// <summary>The webhook receiver fed what Alertmanager really sends (webhook payload version 4, as documented).</summary>
[Collection(SiloCollection.Name)]
public sealed class AlertmanagerApiTests(SiloFixture silo)
{
    private const string Steps = """{"flag":"checkout","variant":"on","baseline":"off","steps":[{"percent":20,"hold":"PT1H"},{"percent":100}]}""";

    private readonly HttpClient _admin = silo.Factory.CreateAdminClient();

    /// <summary>A notification as Alertmanager posts it to a <c>webhook_configs</c> receiver: one group, its alerts, and their labels.</summary>
    private static string Notification(string status, params (string Status, string AlertName, string LabelsJson)[] alerts) => $$"""
        {
          "version": "4",
          "groupKey": "{}/{severity=\"page\"}:{alertname=\"CheckoutErrors\"}",
          "truncatedAlerts": 0,
          "status": "{{status}}",
          "receiver": "flaggrains",
          "groupLabels": { "alertname": "CheckoutErrors" },
          "commonLabels": { "alertname": "CheckoutErrors", "severity": "page" },
          "commonAnnotations": { "summary": "Checkout errors above 2 %" },
          "externalURL": "http://alertmanager.example:9093",
          "alerts": [
            {{string.Join(",\n", alerts.Select(a => $$"""
            {
              "status": "{{a.Status}}",
              "labels": {{a.LabelsJson}},
              "annotations": { "summary": "Checkout errors above 2 % on {{a.AlertName}}", "runbook_url": "https://runbooks.example/checkout" },
              "startsAt": "2026-06-01T09:00:00.000Z",
              "endsAt": "{{(a.Status == "resolved" ? "2026-06-01T09:05:00.000Z" : "0001-01-01T00:00:00Z")}}",
              "generatorURL": "http://prometheus.example:9090/graph?g0.expr=checkout_errors",
              "fingerprint": "{{Guid.NewGuid().ToString("N")[..16]}}"
            }
            """))}}
          ]
        }
        """;

    [Fact]
    public async Task A_firing_alert_labelled_with_a_release_rolls_it_back_and_others_are_ignored()
    {
        var project = await _admin.NewEnvironmentAsync();
        var id = (await _admin.CreateReleaseAsync(project, Steps)).GetProperty("id").GetString();

        var response = await _admin.PostJsonAsync("/admin/v1/alertmanager", Notification("firing",
            ("firing", "CheckoutErrors", $$"""{ "alertname": "CheckoutErrors", "severity": "page", "flaggrains_release": "{{id}}" }"""),
            ("firing", "DiskFull", """{ "alertname": "DiskFull", "severity": "page" }""")));
        var answer = await response.JsonAsync(HttpStatusCode.OK);

        Assert.Equal(2, answer.GetProperty("alerts").GetInt32());
        var signal = Assert.Single(answer.GetProperty("signals").EnumerateArray());
        Assert.Equal((id, "rolled-back"), (signal.GetProperty("release").GetString(), signal.GetProperty("outcome").GetString()));
        var release = await (await _admin.GetAsync($"{AutomationRequests.Environment(project)}/releases/{id}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("unhealthy signal from alertmanager CheckoutErrors: Checkout errors above 2 % on CheckoutErrors", release.GetProperty("reason").GetString());
        Assert.Equal(0, await _admin.SplitPercentAsync(project));

        // Alertmanager repeats the group until it resolves: the repeat and the resolution change nothing.
        var repeat = await (await _admin.PostJsonAsync("/admin/v1/alertmanager", Notification("resolved",
            ("resolved", "CheckoutErrors", $$"""{ "alertname": "CheckoutErrors", "flaggrains_release": "{{id}}" }""")))).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("recorded", repeat.GetProperty("signals")[0].GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task An_alert_can_name_the_flag_instead_and_reaches_whichever_release_of_it_is_active()
    {
        var project = await _admin.NewEnvironmentAsync();
        var id = (await _admin.CreateReleaseAsync(project, Steps)).GetProperty("id").GetString();

        var answer = await (await _admin.PostJsonAsync("/admin/v1/alertmanager", Notification("firing",
            ("firing", "CheckoutErrors", $$"""{ "alertname": "CheckoutErrors", "flaggrains_environment": "{{project}}/prod", "flaggrains_flag": "checkout" }""")))).JsonAsync(HttpStatusCode.OK);

        Assert.Equal((id, "rolled-back"), (answer.GetProperty("signals")[0].GetProperty("release").GetString(), answer.GetProperty("signals")[0].GetProperty("outcome").GetString()));
    }

    [Fact]
    public async Task Unknown_releases_are_reported_not_retried_and_a_body_that_is_no_notification_is_a_400()
    {
        var answer = await (await _admin.PostJsonAsync("/admin/v1/alertmanager", Notification("firing",
            ("firing", "CheckoutErrors", """{ "alertname": "CheckoutErrors", "flaggrains_release": "rel_aaaaaaaaaaaaaaaa" }""")))).JsonAsync(HttpStatusCode.OK);
        var notJson = await _admin.PostJsonAsync("/admin/v1/alertmanager", "alerts: firing");
        var noAlerts = await _admin.PostJsonAsync("/admin/v1/alertmanager", """{"version":"4"}""");

        Assert.Equal("no such active release", answer.GetProperty("signals")[0].GetProperty("outcome").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);
        Assert.Equal(["$.alerts"], await noAlerts.ProblemPathsAsync());
    }
}
