using FlagGrains.Silo.Tests.Cluster.Support;
using FlagGrains.Silo.Tests.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace FlagGrains.Silo.Tests.Hosting;

/// <summary>
/// The console's cookies are Secure whenever the browser's request was HTTPS, also when a TLS-terminating proxy
/// forwards it as plain HTTP and forwarded headers are enabled (ASPNETCORE_FORWARDEDHEADERS_ENABLED=true).
/// </summary>
public sealed class ConsoleCookieTests
{
    [Theory]
    [InlineData("https", true)]
    [InlineData("http", false)]
    public async Task Behind_a_proxy_with_forwarded_headers_the_session_cookie_is_secure_exactly_when_the_browser_used_https(string scheme, bool secure)
    {
        await using var silo = new SiloFactory().WithWebHostBuilder(builder => builder.UseSetting("FORWARDEDHEADERS_ENABLED", "true"));
        using var client = silo.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });

        var setCookie = await ConsoleSession.SignInAsync(client, SiloFactory.AdminToken, new Dictionary<string, string>
        {
            ["X-Forwarded-Proto"] = scheme,
            ["X-Forwarded-For"] = "203.0.113.9",
        });

        Assert.Equal(secure, setCookie.Split(';').Any(attribute => attribute.Trim().Equals("secure", StringComparison.OrdinalIgnoreCase)));
        Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
    }
}
