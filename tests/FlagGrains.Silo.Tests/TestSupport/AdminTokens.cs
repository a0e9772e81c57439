using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace FlagGrains.Silo.Tests.TestSupport;

/// <summary>Admin tokens of a given role, created through the admin API.</summary>
public static class AdminTokens
{
    public static async Task<HttpClient> CreateClientWithRoleAsync(this SiloFactory factory, string role)
    {
        using var admin = factory.CreateAdminClient();
        var response = await admin.PostAsJsonAsync("/admin/v1/tokens", new { name = $"{role}-{Guid.NewGuid():N}"[..20], role });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return factory.CreateKeyClient(body.RootElement.GetProperty("token").GetString()!);
    }
}
