using System.Net;
using FlagGrains.Silo.Tests.TestSupport;
using Microsoft.AspNetCore.Mvc.Testing;

namespace FlagGrains.Silo.Tests.Telemetry;

[Collection(SiloCollection.Name)]
public sealed class DashboardAccessTests(SiloFixture fixture)
{
    [Theory]
    [InlineData("/dashboard")]
    [InlineData("/dashboard/")]
    public async Task Only_admin_tokens_reach_the_dashboard(string path)
    {
        using var anonymous = fixture.Factory.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(path)).StatusCode);

        using var viewer = await fixture.Factory.CreateClientWithRoleAsync("viewer");
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync(path)).StatusCode);

        using var editor = await fixture.Factory.CreateClientWithRoleAsync("editor");
        Assert.Equal(HttpStatusCode.Forbidden, (await editor.GetAsync(path)).StatusCode);

        // Redirects are not followed: HttpClient drops the Authorization header on a redirect, as browsers do.
        using var admin = fixture.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        admin.DefaultRequestHeaders.Authorization = new("Bearer", SiloFactory.AdminToken);
        var allowed = await admin.GetAsync(path);
        if (allowed.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.MovedPermanently or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect)
        {
            Assert.StartsWith("/dashboard", allowed.Headers.Location?.OriginalString ?? "", StringComparison.Ordinal);
            allowed = await admin.GetAsync(allowed.Headers.Location);
        }

        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Contains("html", allowed.Content.Headers.ContentType?.MediaType ?? "", StringComparison.Ordinal);
    }
}
