using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FlagGrains.Silo.Tests.TestSupport;

namespace FlagGrains.Silo.Tests.Apis.Admin;

/// <summary>No API call can leave the cluster without an active admin-role token.</summary>
public sealed class TokenLockoutTests : IAsyncLifetime
{
    // Its own silo: the last-admin rule depends on every admin token of the directory.
    private readonly SiloFactory _silo = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    [Fact]
    public async Task Revoking_or_demoting_the_last_admin_token_is_a_conflict_and_changes_nothing()
    {
        using var admin = _silo.CreateAdminClient();
        var bootstrap = await TokenAsync(admin, "bootstrap");

        var revoke = await admin.DeleteAsync("/admin/v1/tokens/bootstrap");
        var demote = await admin.PatchAsJsonAsync("/admin/v1/tokens/bootstrap", new { role = "editor" });

        Assert.Equal((HttpStatusCode.Conflict, HttpStatusCode.Conflict), (revoke.StatusCode, demote.StatusCode));
        Assert.Equal("application/problem+json", revoke.Content.Headers.ContentType?.MediaType);
        Assert.Contains("last active admin", await demote.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(bootstrap.GetRawText(), (await TokenAsync(admin, "bootstrap")).GetRawText());
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/admin/v1/tokens")).StatusCode);

        // Once another admin exists, the first may be demoted (audited), and the second is then the last.
        var second = await admin.PostAsJsonAsync("/admin/v1/tokens", new { name = "second", role = "admin" });
        var secondId = JsonDocument.Parse(await second.Content.ReadAsStringAsync()).RootElement.GetProperty("tokenId").GetString();
        Assert.Equal(HttpStatusCode.NoContent, (await admin.PatchAsJsonAsync("/admin/v1/tokens/bootstrap", new { role = "viewer" })).StatusCode);
        Assert.Equal("viewer", (await TokenAsync(admin, "bootstrap")).GetProperty("role").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await AsSecondAsync(second, s => s.DeleteAsync($"/admin/v1/tokens/{secondId}"))).StatusCode);

        var audit = await (await AsSecondAsync(second, s => s.GetAsync("/admin/v1/audit"))).Content.ReadAsStringAsync();
        Assert.Contains("token.role", audit, StringComparison.Ordinal);
        Assert.DoesNotContain("token.revoke", audit, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_role_is_a_bad_request()
    {
        using var admin = _silo.CreateAdminClient();
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PatchAsJsonAsync("/admin/v1/tokens/bootstrap", new { role = "owner" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PatchAsJsonAsync("/admin/v1/tokens/nope", new { role = "viewer" })).StatusCode);
    }

    private async Task<HttpResponseMessage> AsSecondAsync(HttpResponseMessage created, Func<HttpClient, Task<HttpResponseMessage>> call)
    {
        var token = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("token").GetString()!;
        using var client = _silo.CreateKeyClient(token);
        return await call(client);
    }

    private static async Task<JsonElement> TokenAsync(HttpClient admin, string tokenId)
    {
        var tokens = JsonDocument.Parse(await admin.GetStringAsync("/admin/v1/tokens")).RootElement;
        return tokens.EnumerateArray().Single(t => t.GetProperty("tokenId").GetString() == tokenId).Clone();
    }
}
