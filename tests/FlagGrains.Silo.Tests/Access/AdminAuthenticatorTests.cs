using FlagGrains.Contracts;
using FlagGrains.Contracts.Access;
using FlagGrains.Contracts.Audit;
using FlagGrains.Silo.Access;
using FlagGrains.Silo.Tests.TestSupport;
using FlagGrains.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace FlagGrains.Silo.Tests.Access;

[Collection(SiloCollection.Name)]
public sealed class AdminAuthenticatorTests(SiloFixture fixture)
{
    [Fact]
    public async Task A_flood_of_unknown_bearer_strings_does_not_push_known_tokens_out_of_the_cache()
    {
        var grains = fixture.Factory.Services.GetRequiredService<IGrainFactory>();
        var directory = grains.GetGrain<IAdminDirectoryGrain>(GrainKeys.AdminDirectory);
        var created = await directory.CreateAsync("cached", AdminRole.Viewer, ChangeContext.System("test"));
        var authenticator = new AdminAuthenticator(grains, new ManualClock(DateTimeOffset.UnixEpoch));
        Assert.NotNull(await authenticator.AuthenticateAsync(Bearer(created.Token)));

        // Revoked in the directory, but within the cache lifetime the cached answer stands: if the flood below had
        // emptied the cache, the next check would ask the directory again and be refused.
        Assert.Equal(AdminTokenChange.Done, await directory.RevokeAsync(created.Info.TokenId, ChangeContext.System("test")));
        for (var i = 0; i <= AdminAuthenticator.MaxUnknownCached; i++)
        {
            Assert.Null(await authenticator.AuthenticateAsync(Bearer($"junk-{i}")));
        }

        Assert.NotNull(await authenticator.AuthenticateAsync(Bearer(created.Token)));
    }

    private static HttpRequest Bearer(string token)
    {
        var http = new DefaultHttpContext();
        http.Request.Headers.Authorization = "Bearer " + token;
        return http.Request;
    }
}
