using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace FlagGrains.Silo.Tests.TestSupport;

/// <summary>An admin token of a role, with the id and name the audit and change requests show for it.</summary>
public sealed record NamedToken(string Id, string Name, HttpClient Client);

public static class NamedTokens
{
    public static async Task<NamedToken> CreateTokenAsync(this SiloFactory factory, string role, string name)
    {
        using var admin = factory.CreateAdminClient();
        var response = await admin.PostAsJsonAsync("/admin/v1/tokens", new { name, role });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var token = body.RootElement;
        return new NamedToken(token.GetProperty("tokenId").GetString()!, name, factory.CreateKeyClient(token.GetProperty("token").GetString()!));
    }
}
