using System.Net;
using FlagGrains.Silo.Tests.TestSupport;

namespace FlagGrains.Silo.Tests.Apis.Home;

[Collection(SiloCollection.Name)]
public sealed class HomePageTests(SiloFixture silo)
{
    [Fact]
    public async Task The_root_links_the_console_the_openapi_document_and_the_walk_through()
    {
        var response = await silo.Factory.CreateClient().GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains("href=\"/console\"", page, StringComparison.Ordinal);
        Assert.Contains("href=\"/openapi/v1.json\"", page, StringComparison.Ordinal);
        Assert.Contains("Walk-through with curl", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_the_root_is_a_page_other_unknown_paths_stay_problem_documents()
    {
        var response = await silo.Factory.CreateClient().GetAsync("/no-such-page");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
