using System.Net;
using System.Text.Json;
using FlagGrains.Silo.Tests.TestSupport;

namespace FlagGrains.Silo.Tests.Apis.Admin;

[Collection(SiloCollection.Name)]
public sealed class AdminApiTests(SiloFixture silo)
{
    private readonly HttpClient _admin = silo.Factory.CreateAdminClient();

    [Fact]
    public async Task Put_stores_the_document_and_get_returns_it_with_its_etag()
    {
        var project = Environments.NewProject();
        var put = await _admin.PutFlagsAsync(project, "prod", Documents.Bench50);

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal("\"v1\"", put.Headers.ETag?.Tag);
        using var stored = JsonDocument.Parse(await put.Content.ReadAsStringAsync());
        Assert.Equal(1, stored.RootElement.GetProperty("version").GetInt64());

        var get = await _admin.GetAsync($"/admin/v1/projects/{project}/environments/prod/flags");
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal("\"v1\"", get.Headers.ETag?.Tag);
        Assert.Equal(Documents.Bench50, await get.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Stale_if_match_is_refused_with_412()
    {
        var project = Environments.NewProject();
        await _admin.PutFlagsAsync(project, "prod", Documents.Mixed);
        await _admin.PutFlagsAsync(project, "prod", Documents.Mixed, ifMatch: "\"v1\"");

        var stale = await _admin.PutFlagsAsync(project, "prod", Documents.Mixed, ifMatch: "\"v1\"");

        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal("application/problem+json", stale.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("{ not json", "$")]
    [InlineData("""{"flags":{"f":{"state":"ENABLED","variants":{"on":true},"defaultVariant":"nope"}}}""", "defaultVariant")]
    [InlineData("""{"flags":{"f":{"state":"SOMETIMES","variants":{"on":true},"defaultVariant":"on"}}}""", "state")]
    public async Task Invalid_document_is_a_400_naming_the_path_and_nothing_is_stored(string document, string pathFragment)
    {
        var project = Environments.NewProject();
        var put = await _admin.PutFlagsAsync(project, "prod", document);

        Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);
        Assert.Equal("application/problem+json", put.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await put.Content.ReadAsStringAsync());
        var errors = problem.RootElement.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("path").GetString()).ToList();
        Assert.Contains(errors, p => p!.Contains(pathFragment, StringComparison.Ordinal));

        var get = await _admin.GetAsync($"/admin/v1/projects/{project}/environments/prod/flags");
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
    }

    [Fact]
    public async Task Admin_paths_need_a_valid_admin_token()
    {
        var anonymous = silo.Factory.CreateClient();
        var wrong = silo.Factory.CreateKeyClient("not-a-token");

        var none = await anonymous.GetAsync("/admin/v1/projects/any/environments/prod/flags");
        var bad = await wrong.PutFlagsAsync("any", "prod", Documents.Mixed);

        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, bad.StatusCode);
        Assert.Equal("application/problem+json", bad.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("UPPER")]
    [InlineData("has_underscore")]
    [InlineData("-leading-dash")]
    public async Task Invalid_names_are_a_400(string project)
    {
        var put = await _admin.PutFlagsAsync(project, "prod", Documents.Mixed);
        Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);
    }

    [Fact]
    public async Task Keys_for_an_environment_without_flags_are_a_404()
    {
        var response = await _admin.PostAsync(
            $"/admin/v1/projects/{Environments.NewProject()}/environments/prod/keys",
            new StringContent("""{"kind":"client"}""", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("""{"kind":"root"}""")]
    [InlineData("""{"kind":""")]
    [InlineData("[]")]
    public async Task Bad_key_requests_are_a_400(string body)
    {
        var project = Environments.NewProject();
        await _admin.PutFlagsAsync(project, "prod", Documents.Mixed);

        var response = await _admin.PostAsync(
            $"/admin/v1/projects/{project}/environments/prod/keys",
            new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("""{"name":"x","role":"root"}""")]
    [InlineData("""{"role":"viewer"}""")]
    [InlineData("""{"name":""")]
    public async Task Bad_token_requests_are_a_400(string body)
    {
        var response = await _admin.PostAsync("/admin/v1/tokens", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
