using FlagGrains.AdminConsole.Access;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection;

namespace FlagGrains.AdminConsole.Tests;

/// <summary>The console's cookie scheme must stay the console's: every other request (OFREP above all) skips it.</summary>
[Collection(ConsoleSiloCollection.Name)]
public sealed class ConsoleHostingExtensionsTests(ConsoleSiloFixture fixture)
{
    [Fact]
    public async Task The_console_cookie_is_not_the_apps_default_scheme()
    {
        // A lone registered scheme becomes the default, and the authentication middleware the host adds would then
        // read the cookie on every request of the silo.
        var schemes = fixture.Silo.Services.GetRequiredService<IAuthenticationSchemeProvider>();

        Assert.Null(await schemes.GetDefaultAuthenticateSchemeAsync());
        Assert.NotNull(await schemes.GetSchemeAsync(ConsoleAuthentication.Scheme));
    }
}
