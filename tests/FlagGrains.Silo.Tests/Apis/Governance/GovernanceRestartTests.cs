using System.Net;
using System.Net.Http.Json;
using System.Text;
using FlagGrains.Silo.Tests.TestSupport;

namespace FlagGrains.Silo.Tests.Apis.Governance;

/// <summary>
/// Governance state is stored by the JSON grain-storage serializer: a restart reads it back from the database, so
/// every stored type must survive that round trip, not only live in memory.
/// </summary>
public sealed class GovernanceRestartTests
{
    [Fact]
    public async Task Policy_open_requests_reviews_and_lifecycle_survive_a_silo_restart()
    {
        var project = Environments.NewProject();
        var flags = $"/admin/v1/projects/{project}/environments/prod/flags";
        string databasePath, location, authorId;
        await using (var first = new SiloFactory())
        {
            databasePath = first.DatabasePath;
            var admin = first.CreateAdminClient();
            Assert.Equal(HttpStatusCode.OK, (await admin.PutFlagsAsync(project, "prod", Documents.Mixed)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/admin/v1/projects/{project}/environments/prod/policy", new { requiredApprovals = 2 })).StatusCode);
            await (await admin.PutAsJsonAsync($"{flags}/dark-mode/lifecycle", new { owner = "team-ui", tags = new[] { "ui" }, expiresAt = "2030-01-01" })).JsonAsync(HttpStatusCode.OK);
            var author = await first.CreateTokenAsync("editor", "author");
            authorId = author.Id;
            var write = await author.Client.PutAsync($"{flags}/retired", new StringContent(
                """{"state":"ENABLED","variants":{"on":true,"off":false},"defaultVariant":"on"}""", Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.Accepted, write.StatusCode);
            location = write.Headers.Location!.OriginalString;
            Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync($"{location}/approve", new { comment = "first of two" })).StatusCode);
        }

        await using var second = new SiloFactory(databasePath);
        var again = second.CreateAdminClient();
        var request = await (await again.GetAsync(location)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("open", request.GetProperty("status").GetString());
        Assert.Equal(authorId, request.GetProperty("author").GetProperty("id").GetString());
        Assert.Equal("first of two", request.GetProperty("reviews")[0].GetProperty("comment").GetString());
        var lifecycle = await (await again.GetAsync($"{flags}/dark-mode/lifecycle")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("team-ui", lifecycle.GetProperty("owner").GetString());
        Assert.Equal("ui", lifecycle.GetProperty("tags")[0].GetString());

        var reviewer = await second.CreateTokenAsync("editor", "reviewer");
        var applied = await (await reviewer.Client.PostAsync($"{location}/approve", null)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("applied", applied.GetProperty("changeRequest").GetProperty("status").GetString());
        Assert.Equal(2, applied.GetProperty("changeRequest").GetProperty("approvals").GetInt32());
        var audit = await (await again.GetAsync($"/admin/v1/projects/{project}/environments/prod/audit?flag=retired")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(2, audit.GetProperty("entries")[0].GetProperty("approval").GetProperty("approvers").GetArrayLength());
    }
}
