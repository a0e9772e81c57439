using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using FlagGrains.Silo.Tests.TestSupport;

namespace FlagGrains.Silo.Tests.Apis.Governance;

[Collection(WebhookSiloCollection.Name)]
public sealed class WebhookApiTests(WebhookSiloFixture fixture) : IAsyncLifetime
{
    private readonly HttpClient _admin = fixture.Factory.CreateAdminClient();
    private WebhookReceiver _receiver = null!;

    public async Task InitializeAsync() => _receiver = await WebhookReceiver.StartAsync();

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    [Fact]
    public async Task A_receiver_that_fails_twice_gets_the_delivery_on_the_third_attempt_and_applies_it_exactly_once()
    {
        var project = Environments.NewProject();
        var webhookId = await RegisterAsync(project, "flag.changed");
        _receiver.AnswerWith((_, seen) => seen < 2 ? 503 : 200);

        await _admin.PutFlagsAsync(project, "prod", Documents.Mixed);
        var applied = await _receiver.WaitForAsync(d => d.Applied, "an applied delivery");

        // A second change is a barrier: once it is applied, the first delivery's retries are over.
        await _admin.PutFlagsAsync(project, "prod", Documents.Bench50);
        await _receiver.WaitForAsync(d => d.Applied && d.Id != applied.Id, "the second change");
        var attempts = _receiver.Received.Where(d => d.Id == applied.Id).ToList();
        Assert.Equal(new[] { 503, 503, 200 }, attempts.Select(a => a.Answer));
        Assert.Single(_receiver.Received, d => d.Id == applied.Id && d.Applied);
        Assert.All(attempts, a => Assert.True(WebhookReceiver.IsSignedBy(_receiver.Secret!, a.Id, a.Timestamp, a.Signature, a.Body)));
        Assert.All(attempts, a => Assert.Equal(applied.Body, a.Body));
        Assert.False(WebhookReceiver.IsSignedBy(_receiver.Secret!, applied.Id, applied.Timestamp, applied.Signature, applied.Body.Replace("prod", "prud", StringComparison.Ordinal)));

        var body = applied.Json;
        Assert.Equal(applied.Id, body.GetProperty("id").GetString());
        Assert.Equal("flag.changed", body.GetProperty("type").GetString());
        Assert.Equal(project, body.GetProperty("project").GetString());
        Assert.Equal("prod", body.GetProperty("environment").GetString());
        Assert.Equal("bootstrap", body.GetProperty("actor").GetProperty("name").GetString());
        Assert.Equal(1, body.GetProperty("change").GetProperty("version").GetInt64());
        Assert.Contains("dark-mode", body.GetProperty("change").GetProperty("flags").EnumerateArray().Select(f => f.GetString()));
        Assert.True(body.TryGetProperty("time", out _));

        var log = await (await _admin.GetAsync($"/admin/v1/webhooks/{webhookId}/deliveries?status=delivered")).JsonAsync(HttpStatusCode.OK);
        var delivery = log.GetProperty("deliveries").EnumerateArray().Single(d => d.GetProperty("eventId").GetString() == applied.Id);
        Assert.Equal(3, delivery.GetProperty("attemptCount").GetInt32());
        Assert.Equal(new int?[] { 503, 503, 200 }, delivery.GetProperty("attempts").EnumerateArray().Select(a => (int?)a.GetProperty("statusCode").GetInt32()));
    }

    [Fact]
    public async Task A_delivery_can_be_sent_again_under_the_same_message_id()
    {
        var project = Environments.NewProject();
        var webhookId = await RegisterAsync(project, "flag.changed");
        await _admin.PutFlagsAsync(project, "prod", Documents.Mixed);
        var first = await _receiver.WaitForAsync(d => d.Applied, "the delivery");
        var log = await (await _admin.GetAsync($"/admin/v1/webhooks/{webhookId}/deliveries")).JsonAsync(HttpStatusCode.OK);
        var deliveryId = log.GetProperty("deliveries")[0].GetProperty("id").GetString();

        var resent = await _admin.PostAsync($"/admin/v1/webhooks/{webhookId}/deliveries/{deliveryId}/resend", null);
        Assert.Equal("pending", (await resent.JsonAsync(HttpStatusCode.Accepted)).GetProperty("status").GetString());
        var again = await _receiver.WaitForAsync(d => d.Id == first.Id && !ReferenceEquals(d, first), "the re-sent delivery");

        Assert.Equal(first.Body, again.Body);
        Assert.False(again.Applied);
        Assert.Equal("deliveryId", await (await _admin.PostAsync($"/admin/v1/webhooks/{webhookId}/deliveries/dlv_nope/resend", null)).ProblemFieldAsync(HttpStatusCode.NotFound));
    }

    [Fact]
    public async Task A_webhook_gets_only_the_events_and_projects_it_subscribed_to()
    {
        var project = Environments.NewProject();
        var other = Environments.NewProject();
        await _admin.PutFlagsAsync(project, "prod", Documents.Mixed);
        await _admin.PutFlagsAsync(other, "prod", Documents.Mixed);
        await RegisterAsync(project, "key.created", "key.revoked");

        await _admin.CreateKeyAsync(other, "prod");
        await _admin.PutFlagsAsync(project, "prod", Documents.Bench50);
        var key = await _admin.CreateKeyAsync(project, "prod", "server");
        var created = await _receiver.WaitForAsync(d => d.Applied, "key.created");
        Assert.Equal(HttpStatusCode.NoContent, (await _admin.DeleteAsync($"/admin/v1/projects/{project}/environments/prod/keys/{key.Split('.')[3]}")).StatusCode);
        var revoked = await _receiver.WaitForAsync(d => d.Applied && d.Json.GetProperty("type").GetString() == "key.revoked", "key.revoked");

        Assert.Equal("key.created", created.Json.GetProperty("type").GetString());
        Assert.Equal("\"server\"", created.Json.GetProperty("change").GetProperty("kind").GetRawText());
        Assert.Equal(key.Split('.')[3], revoked.Json.GetProperty("change").GetProperty("keyId").GetString());
        Assert.Equal(2, _receiver.Received.Count);
        Assert.All(_receiver.Received, d => Assert.Equal(project, d.Json.GetProperty("project").GetString()));
        Assert.All(_receiver.Received, d => Assert.DoesNotContain(key.Split('.')[^1], d.Body, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Change_requests_announce_their_opening_and_their_application()
    {
        var project = Environments.NewProject();
        await _admin.PutFlagsAsync(project, "prod", Documents.Mixed);
        await _admin.PutAsJsonAsync($"/admin/v1/projects/{project}/environments/prod/policy", new { requiredApprovals = 1 });
        await RegisterAsync(project, "change-request.opened", "change-request.applied");
        var author = await fixture.Factory.CreateTokenAsync("editor", "cr-author");

        var opened = await author.Client.DeleteAsync($"/admin/v1/projects/{project}/environments/prod/flags/retired");
        Assert.Equal(HttpStatusCode.Accepted, opened.StatusCode);
        var announcement = await _receiver.WaitForAsync(d => d.Applied, "change-request.opened");
        Assert.Equal(HttpStatusCode.OK, (await _admin.PostAsync($"{opened.Headers.Location}/approve", null)).StatusCode);
        var applied = await _receiver.WaitForAsync(d => d.Applied && d.Id != announcement.Id, "change-request.applied");

        Assert.Equal("change-request.opened", announcement.Json.GetProperty("type").GetString());
        Assert.Equal("cr-author", announcement.Json.GetProperty("actor").GetProperty("name").GetString());
        Assert.Equal("Delete flag retired", announcement.Json.GetProperty("change").GetProperty("summary").GetString());
        Assert.Equal("change-request.applied", applied.Json.GetProperty("type").GetString());
        Assert.Equal("cr-author", applied.Json.GetProperty("change").GetProperty("author").GetProperty("name").GetString());
        Assert.Equal("bootstrap", Assert.Single(applied.Json.GetProperty("change").GetProperty("approvers").EnumerateArray()).GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_release_an_admin_overrode_the_approval_policy_for_takes_its_step_and_announces_it_and_its_rollback()
    {
        var project = await _admin.NewEnvironmentAsync();
        await _admin.PutAsJsonAsync($"{AutomationRequests.Environment(project)}/policy", new { requiredApprovals = 1 });
        await RegisterAsync(project, "release.step", "release.rolled-back");

        var release = await _admin.CreateReleaseAsync(project, """{"flag":"checkout","variant":"on","baseline":"off","steps":[{"percent":5,"hold":"PT1H"},{"percent":100}]}""", overridePolicy: true);
        var id = release.GetProperty("id").GetString()!;
        Assert.Equal(5, await _admin.SplitPercentAsync(project));
        var step = await _receiver.WaitForAsync(d => d.Applied, "release.step");
        Assert.Equal(HttpStatusCode.OK, (await _admin.PostAsync($"{AutomationRequests.Environment(project)}/releases/{id}/rollback", null)).StatusCode);
        var rolledBack = await _receiver.WaitForAsync(d => d.Applied && d.Id != step.Id, "release.rolled-back");

        Assert.Equal("release.step", step.Json.GetProperty("type").GetString());
        var change = step.Json.GetProperty("change");
        Assert.Equal((id, 1, 5), (change.GetProperty("releaseId").GetString(), change.GetProperty("step").GetInt32(), change.GetProperty("percent").GetInt32()));
        Assert.Equal("bootstrap", change.GetProperty("onBehalfOf").GetProperty("name").GetString());
        Assert.Equal("release.rolled-back", rolledBack.Json.GetProperty("type").GetString());
        Assert.Equal(0, await _admin.SplitPercentAsync(project));
    }

    [Fact]
    public async Task The_secret_is_shown_once_and_is_neither_stored_in_plain_nor_logged()
    {
        var created = await (await _admin.PostAsJsonAsync("/admin/v1/webhooks", new { url = _receiver.Url, events = new[] { "flag.changed" } }))
            .JsonAsync(HttpStatusCode.Created);
        var id = created.GetProperty("id").GetString();
        var secret = created.GetProperty("secret").GetString()!;
        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);

        var one = await _admin.GetStringAsync($"/admin/v1/webhooks/{id}");
        var all = await _admin.GetStringAsync("/admin/v1/webhooks");
        Assert.Contains(id!, all, StringComparison.Ordinal);
        var secretPart = secret["whsec_".Length..];
        Assert.DoesNotContain(secretPart, one, StringComparison.Ordinal);
        Assert.DoesNotContain(secretPart, all, StringComparison.Ordinal);
        Assert.DoesNotContain(secretPart, fixture.Logs.Text, StringComparison.Ordinal);
        var database = string.Concat(Directory.GetFiles(Path.GetDirectoryName(fixture.Factory.DatabasePath)!, Path.GetFileName(fixture.Factory.DatabasePath) + "*")
            .Select(f => Encoding.Latin1.GetString(File.ReadAllBytes(f))));
        Assert.Contains(id!, database, StringComparison.Ordinal);
        Assert.DoesNotContain(secretPart, database, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NoContent, (await _admin.DeleteAsync($"/admin/v1/webhooks/{id}")).StatusCode);
        Assert.Equal("webhookId", await (await _admin.GetAsync($"/admin/v1/webhooks/{id}")).ProblemFieldAsync(HttpStatusCode.NotFound));
    }

    [Theory]
    [InlineData("""{"url":"not a url","events":["flag.changed"]}""", "url")]
    [InlineData("""{"url":"ftp://127.0.0.1/x","events":["flag.changed"]}""", "url")]
    [InlineData("""{"url":"http://user:pw@127.0.0.1/x","events":["flag.changed"]}""", "url")]
    [InlineData("""{"url":"http://10.1.2.3/hook","events":["flag.changed"]}""", "url")]
    [InlineData("""{"url":"http://169.254.169.254/latest/meta-data","events":["flag.changed"]}""", "url")]
    [InlineData("""{"url":"http://[::1]:9/hook","events":["flag.changed"]}""", "url")]
    [InlineData("""{"url":"http://no-such-host.invalid/hook","events":["flag.changed"]}""", "url")]
    [InlineData("""{"url":"http://127.0.0.1/hook","events":["flag.deleted"]}""", "events")]
    [InlineData("""{"url":"http://127.0.0.1/hook","events":[]}""", "events")]
    [InlineData("""{"url":"http://127.0.0.1/hook"}""", "events")]
    [InlineData("""{"url":"http://127.0.0.1/hook","events":["flag.changed"],"projects":["Not Valid"]}""", "projects")]
    [InlineData("""{"url":"http://127.0.0.1/hook","events":["flag.changed"],"projects":"shop"}""", "projects")]
    public async Task Bad_registrations_get_problem_details_naming_the_field(string body, string field)
    {
        var response = await _admin.PostAsync("/admin/v1/webhooks", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(field, await response.ProblemFieldAsync(HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task Only_admins_manage_webhooks()
    {
        var editor = await fixture.Factory.CreateTokenAsync("editor", "editor");

        Assert.Equal(HttpStatusCode.Forbidden, (await editor.Client.PostAsJsonAsync("/admin/v1/webhooks", new { url = _receiver.Url, events = new[] { "flag.changed" } })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await editor.Client.GetAsync("/admin/v1/webhooks")).StatusCode);
        Assert.Equal("webhookId", await (await _admin.GetAsync("/admin/v1/webhooks/wh_aaaaaaaaaaaaaaaa/deliveries")).ProblemFieldAsync(HttpStatusCode.NotFound));
    }

    private async Task<string> RegisterAsync(string project, params string[] events)
    {
        var created = await (await _admin.PostAsJsonAsync("/admin/v1/webhooks", new { url = _receiver.Url, events, projects = new[] { project } }))
            .JsonAsync(HttpStatusCode.Created);
        _receiver.Secret = created.GetProperty("secret").GetString();
        return created.GetProperty("id").GetString()!;
    }
}
