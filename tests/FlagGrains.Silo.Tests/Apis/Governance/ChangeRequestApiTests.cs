using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using FlagGrains.Silo.Tests.TestSupport;

namespace FlagGrains.Silo.Tests.Apis.Governance;

[Collection(SiloCollection.Name)]
public sealed class ChangeRequestApiTests(SiloFixture fixture)
{
    private const string Document = """
        {"flags":{
          "checkout":{"state":"ENABLED","variants":{"on":true,"off":false},"defaultVariant":"off"},
          "banner":{"state":"ENABLED","variants":{"red":"#f00","blue":"#00f"},"defaultVariant":"blue"}}}
        """;

    private const string CheckoutOn = """{"state":"ENABLED","variants":{"on":true,"off":false},"defaultVariant":"on"}""";

    private readonly HttpClient _admin = fixture.Factory.CreateAdminClient();

    [Fact]
    public async Task An_editors_write_waits_for_another_tokens_approval_and_is_then_applied_once_naming_author_and_approver()
    {
        var (project, flags) = await GovernedEnvironmentAsync(requiredApprovals: 1);
        var author = await fixture.Factory.CreateTokenAsync("editor", "alice-editor");
        var reviewer = await fixture.Factory.CreateTokenAsync("editor", "bob-reviewer");
        var viewer = await fixture.Factory.CreateTokenAsync("viewer", "vera-viewer");

        var write = await author.Client.PutAsync($"{flags}/checkout", Json(CheckoutOn));
        var opened = await write.JsonAsync(HttpStatusCode.Accepted);
        var request = opened.GetProperty("changeRequest");
        Assert.Equal("open", request.GetProperty("status").GetString());
        var id = request.GetProperty("id").GetInt64();
        Assert.Equal($"/admin/v1/projects/{project}/environments/prod/change-requests/{id}", write.Headers.Location?.OriginalString);
        Assert.Equal("off", await DefaultVariantAsync(flags, "checkout"));

        var listed = await (await _admin.GetAsync($"{Requests(project)}?status=open")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(id, Assert.Single(listed.GetProperty("changeRequests").EnumerateArray()).GetProperty("id").GetInt64());
        var detail = await (await viewer.Client.GetAsync(write.Headers.Location)).JsonAsync(HttpStatusCode.OK);
        var diff = Assert.Single(detail.GetProperty("diff").EnumerateArray());
        Assert.Equal("flags/checkout", diff.GetProperty("item").GetString());
        Assert.Equal("off", diff.GetProperty("current").GetProperty("defaultVariant").GetString());
        Assert.Equal("on", diff.GetProperty("proposed").GetProperty("defaultVariant").GetString());
        Assert.True(detail.GetProperty("appliesCleanly").GetBoolean());
        Assert.Equal(2, detail.GetProperty("baseVersion").GetInt64());

        Assert.Equal(HttpStatusCode.Forbidden, (await author.Client.PostAsync($"{write.Headers.Location}/approve", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.Client.PostAsync($"{write.Headers.Location}/approve", null)).StatusCode);
        Assert.Equal("off", await DefaultVariantAsync(flags, "checkout"));

        var approved = await (await reviewer.Client.PostAsJsonAsync($"{write.Headers.Location}/approve", new { comment = "ship it" })).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("applied", approved.GetProperty("changeRequest").GetProperty("status").GetString());
        var version = approved.GetProperty("version").GetInt64();
        Assert.Equal("on", await DefaultVariantAsync(flags, "checkout"));
        Assert.Equal(HttpStatusCode.Conflict, (await reviewer.Client.PostAsync($"{write.Headers.Location}/approve", null)).StatusCode);

        var audit = await (await _admin.GetAsync($"/admin/v1/projects/{project}/environments/prod/audit?flag=checkout")).JsonAsync(HttpStatusCode.OK);
        var applied = audit.GetProperty("entries")[0];
        Assert.Equal(version, applied.GetProperty("version").GetInt64());
        Assert.Equal(author.Id, applied.GetProperty("actor").GetProperty("id").GetString());
        Assert.Equal("change-request", applied.GetProperty("approval").GetProperty("kind").GetString());
        Assert.Equal(id, applied.GetProperty("approval").GetProperty("changeRequestId").GetInt64());
        Assert.Equal(reviewer.Id, Assert.Single(applied.GetProperty("approval").GetProperty("approvers").EnumerateArray()).GetProperty("id").GetString());
        var versions = audit.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("version").GetInt64()).ToList();
        Assert.Equal(1, versions.Count(v => v == version));

        var closed = await (await _admin.GetAsync(write.Headers.Location)).JsonAsync(HttpStatusCode.OK);
        var review = Assert.Single(closed.GetProperty("reviews").EnumerateArray());
        Assert.Equal("ship it", review.GetProperty("comment").GetString());
        Assert.Equal(version, closed.GetProperty("appliedVersion").GetInt64());
    }

    [Fact]
    public async Task Two_required_approvals_need_two_other_tokens_and_the_same_token_cannot_approve_twice()
    {
        var (project, flags) = await GovernedEnvironmentAsync(requiredApprovals: 2);
        var author = await fixture.Factory.CreateTokenAsync("editor", "author");
        var first = await fixture.Factory.CreateTokenAsync("editor", "first");
        var second = await fixture.Factory.CreateTokenAsync("admin", "second");

        var write = await author.Client.DeleteAsync($"{flags}/banner");
        Assert.Equal(HttpStatusCode.Accepted, write.StatusCode);
        var location = write.Headers.Location!;

        var once = await (await first.Client.PostAsync($"{location}/approve", null)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("open", once.GetProperty("changeRequest").GetProperty("status").GetString());
        Assert.Equal(1, once.GetProperty("changeRequest").GetProperty("approvals").GetInt32());
        Assert.Equal("id", await (await first.Client.PostAsync($"{location}/approve", null)).ProblemFieldAsync(HttpStatusCode.Conflict));
        Assert.Equal(HttpStatusCode.OK, (await _admin.GetAsync($"{flags}/banner")).StatusCode);

        var twice = await (await second.Client.PostAsync($"{location}/approve", null)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("applied", twice.GetProperty("changeRequest").GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await _admin.GetAsync($"{flags}/banner")).StatusCode);
    }

    [Fact]
    public async Task A_request_whose_flag_changed_meanwhile_is_refused_as_stale_while_unrelated_changes_still_apply()
    {
        var (project, flags) = await GovernedEnvironmentAsync(requiredApprovals: 1);
        var author = await fixture.Factory.CreateTokenAsync("editor", "author");
        var reviewer = await fixture.Factory.CreateTokenAsync("editor", "reviewer");

        var onCheckout = (await author.Client.PutAsync($"{flags}/checkout", Json(CheckoutOn))).Headers.Location!;
        var onBanner = (await author.Client.PutAsync($"{flags}/banner", Json("""{"state":"DISABLED","variants":{"red":"#f00","blue":"#00f"},"defaultVariant":"blue"}"""))).Headers.Location!;
        var emergency = await _admin.PutAsync($"{flags}/checkout?override=true", Json("""{"state":"DISABLED","variants":{"on":true,"off":false},"defaultVariant":"off"}"""));
        Assert.Equal(HttpStatusCode.OK, emergency.StatusCode);

        var detail = await (await _admin.GetAsync(onCheckout)).JsonAsync(HttpStatusCode.OK);
        Assert.False(detail.GetProperty("appliesCleanly").GetBoolean());
        var stale = await reviewer.Client.PostAsync($"{onCheckout}/approve", null);
        Assert.Equal("id", await stale.ProblemFieldAsync(HttpStatusCode.Conflict));
        Assert.Equal("stale", (await (await _admin.GetAsync(onCheckout)).JsonAsync(HttpStatusCode.OK)).GetProperty("status").GetString());
        Assert.Equal("DISABLED", await StateAsync(flags, "checkout"));

        // The banner request was based on the same version, but nobody touched the banner since: it applies, and keeps
        // the emergency change to checkout.
        var applied = await (await reviewer.Client.PostAsync($"{onBanner}/approve", null)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("applied", applied.GetProperty("changeRequest").GetProperty("status").GetString());
        Assert.Equal("DISABLED", await StateAsync(flags, "banner"));
        Assert.Equal("DISABLED", await StateAsync(flags, "checkout"));

        var listed = await (await _admin.GetAsync($"{Requests(project)}?status=stale")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(new[] { "flags/checkout" }, Assert.Single(listed.GetProperty("changeRequests").EnumerateArray()).GetProperty("conflicts").EnumerateArray().Select(c => c.GetString()));
    }

    [Fact]
    public async Task Only_an_admin_may_override_the_policy_and_the_override_is_audited_as_such()
    {
        var (project, flags) = await GovernedEnvironmentAsync(requiredApprovals: 1);
        var editor = await fixture.Factory.CreateTokenAsync("editor", "editor");

        var refused = await editor.Client.PutAsync($"{flags}/checkout?override=true", Json(CheckoutOn));
        Assert.Equal("override", await refused.ProblemFieldAsync(HttpStatusCode.Forbidden));
        Assert.Equal("off", await DefaultVariantAsync(flags, "checkout"));

        var overridden = await _admin.PutAsync($"{flags}/checkout?override=true", Json(CheckoutOn));
        Assert.Equal(HttpStatusCode.OK, overridden.StatusCode);
        Assert.Equal("on", await DefaultVariantAsync(flags, "checkout"));
        var audit = await (await _admin.GetAsync($"/admin/v1/projects/{project}/environments/prod/audit?flag=checkout")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("override", audit.GetProperty("entries")[0].GetProperty("approval").GetProperty("kind").GetString());
        Assert.Empty(await OpenRequestsAsync(project));
    }

    [Fact]
    public async Task Whole_documents_go_through_review_and_verbatim_while_a_write_that_changes_nothing_opens_no_request()
    {
        var (project, _) = await GovernedEnvironmentAsync(requiredApprovals: 1);
        var author = await fixture.Factory.CreateTokenAsync("editor", "author");
        var reviewer = await fixture.Factory.CreateTokenAsync("editor", "reviewer");
        const string next = """
            {"flags":{ "checkout":{"state":"ENABLED","variants":{"on":true,"off":false},"defaultVariant":"on"} }}
            """;

        var same = await author.Client.PutFlagsAsync(project, "prod", Document);
        // Version 1 is the document, version 2 the policy (an audited write of its own).
        Assert.Equal(2, (await same.JsonAsync(HttpStatusCode.OK)).GetProperty("version").GetInt64());
        Assert.Empty(await OpenRequestsAsync(project));

        var stale = await author.Client.PutFlagsAsync(project, "prod", next, ifMatch: "\"v1\"");
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        var invalid = await author.Client.PutFlagsAsync(project, "prod", """{"flags":{"x":{"state":"ENABLED","variants":{"a":1},"defaultVariant":"b"}}}""");
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Empty(await OpenRequestsAsync(project));

        var write = await author.Client.PutFlagsAsync(project, "prod", next, ifMatch: "\"v2\"");
        Assert.Equal(HttpStatusCode.Accepted, write.StatusCode);
        var detail = await (await _admin.GetAsync(write.Headers.Location)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(new[] { "flags/banner", "flags/checkout" }, detail.GetProperty("diff").EnumerateArray().Select(d => d.GetProperty("item").GetString()).Order());

        Assert.Equal(HttpStatusCode.OK, (await reviewer.Client.PostAsync($"{write.Headers.Location}/approve", null)).StatusCode);
        Assert.Equal(next, await _admin.GetStringAsync($"/admin/v1/projects/{project}/environments/prod/flags"));
    }

    [Fact]
    public async Task A_rejected_request_is_closed_and_never_applied()
    {
        var (project, flags) = await GovernedEnvironmentAsync(requiredApprovals: 1);
        var author = await fixture.Factory.CreateTokenAsync("editor", "author");
        var reviewer = await fixture.Factory.CreateTokenAsync("editor", "reviewer");
        var location = (await author.Client.PutAsync($"{flags}/checkout", Json(CheckoutOn))).Headers.Location!;

        Assert.Equal("id", await (await author.Client.PostAsync($"{location}/reject", null)).ProblemFieldAsync(HttpStatusCode.Forbidden));
        var rejected = await (await reviewer.Client.PostAsJsonAsync($"{location}/reject", new { comment = "not during the sale" })).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("rejected", rejected.GetProperty("changeRequest").GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await _admin.PostAsync($"{location}/approve", null)).StatusCode);
        Assert.Equal("off", await DefaultVariantAsync(flags, "checkout"));
    }

    [Fact]
    public async Task Bad_requests_get_problem_details_naming_the_field()
    {
        var (project, _) = await GovernedEnvironmentAsync(requiredApprovals: 1);
        var policy = $"/admin/v1/projects/{project}/environments/prod/policy";

        Assert.Equal("id", await (await _admin.GetAsync($"{Requests(project)}/999")).ProblemFieldAsync(HttpStatusCode.NotFound));
        Assert.Equal("id", await (await _admin.GetAsync($"{Requests(project)}/abc")).ProblemFieldAsync(HttpStatusCode.NotFound));
        Assert.Equal("id", await (await _admin.PostAsync($"{Requests(project)}/999/approve", null)).ProblemFieldAsync(HttpStatusCode.NotFound));
        Assert.Equal("status", await (await _admin.GetAsync($"{Requests(project)}?status=pending")).ProblemFieldAsync(HttpStatusCode.BadRequest));
        Assert.Equal("requiredApprovals", await (await _admin.PutAsJsonAsync(policy, new { requiredApprovals = -1 })).ProblemFieldAsync(HttpStatusCode.BadRequest));
        Assert.Equal("requiredApprovals", await (await _admin.PutAsJsonAsync(policy, new { requiredApprovals = "two" })).ProblemFieldAsync(HttpStatusCode.BadRequest));
        Assert.Equal("override", await (await _admin.PutAsync($"/admin/v1/projects/{project}/environments/prod/flags/checkout?override=yes", Json(CheckoutOn))).ProblemFieldAsync(HttpStatusCode.BadRequest));

        var editor = await fixture.Factory.CreateTokenAsync("editor", "editor");
        Assert.Equal(HttpStatusCode.Forbidden, (await editor.Client.PutAsJsonAsync(policy, new { requiredApprovals = 0 })).StatusCode);
        var location = (await editor.Client.PutAsync($"/admin/v1/projects/{project}/environments/prod/flags/checkout", Json(CheckoutOn))).Headers.Location!;
        var longComment = new string('x', 2001);
        Assert.Equal("comment", await (await _admin.PostAsJsonAsync($"{location}/approve", new { comment = longComment })).ProblemFieldAsync(HttpStatusCode.BadRequest));
        Assert.Equal(1, (await (await _admin.GetAsync(policy)).JsonAsync(HttpStatusCode.OK)).GetProperty("requiredApprovals").GetInt32());
    }

    [Fact]
    public async Task Policy_zero_keeps_writes_immediate()
    {
        var project = Environments.NewProject();
        Assert.Equal(HttpStatusCode.OK, (await _admin.PutFlagsAsync(project, "prod", Document)).StatusCode);
        var editor = await fixture.Factory.CreateTokenAsync("editor", "editor");

        Assert.Equal(0, (await (await _admin.GetAsync($"/admin/v1/projects/{project}/environments/prod/policy")).JsonAsync(HttpStatusCode.OK)).GetProperty("requiredApprovals").GetInt32());
        Assert.Equal(HttpStatusCode.OK, (await editor.Client.PutAsync($"/admin/v1/projects/{project}/environments/prod/flags/checkout", Json(CheckoutOn))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _admin.PutAsJsonAsync($"/admin/v1/projects/{Environments.NewProject()}/environments/prod/policy", new { requiredApprovals = 1 })).StatusCode);
    }

    private async Task<(string Project, string Flags)> GovernedEnvironmentAsync(int requiredApprovals)
    {
        var project = Environments.NewProject();
        Assert.Equal(HttpStatusCode.OK, (await _admin.PutFlagsAsync(project, "prod", Document)).StatusCode);
        var policy = await _admin.PutAsJsonAsync($"/admin/v1/projects/{project}/environments/prod/policy", new { requiredApprovals });
        Assert.Equal(requiredApprovals, (await policy.JsonAsync(HttpStatusCode.OK)).GetProperty("requiredApprovals").GetInt32());
        return (project, $"/admin/v1/projects/{project}/environments/prod/flags");
    }

    private async Task<IReadOnlyList<JsonElement>> OpenRequestsAsync(string project) =>
        [.. (await (await _admin.GetAsync($"{Requests(project)}?status=open")).JsonAsync(HttpStatusCode.OK)).GetProperty("changeRequests").EnumerateArray()];

    private async Task<string?> DefaultVariantAsync(string flags, string flag) =>
        JsonDocument.Parse(await _admin.GetStringAsync($"{flags}/{flag}")).RootElement.GetProperty("defaultVariant").GetString();

    private async Task<string?> StateAsync(string flags, string flag) =>
        JsonDocument.Parse(await _admin.GetStringAsync($"{flags}/{flag}")).RootElement.GetProperty("state").GetString();

    private static string Requests(string project) => $"/admin/v1/projects/{project}/environments/prod/change-requests";

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}
