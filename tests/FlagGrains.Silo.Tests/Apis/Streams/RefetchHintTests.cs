using System.Net;
using System.Net.Http.Json;
using FlagGrains.Silo.Apis.Ofrep;
using FlagGrains.Silo.Apis.Http;
using FlagGrains.Silo.Apis.Streams;
using FlagGrains.Silo.Tests.Apis.Streams.Support;
using FlagGrains.Silo.Tests.TestSupport;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace FlagGrains.Silo.Tests.Apis.Streams;

[Collection(DeliverySiloCollection.Name)]
public sealed class RefetchHintTests(DeliverySiloFixture silo)
{
    [Fact]
    public async Task A_refetch_announcing_a_newer_version_waits_for_this_silo_to_serve_it()
    {
        var scenario = await StreamScenario.CreateAsync(silo);
        var next = scenario.CurrentVersion(silo) + 1;

        // As if another silo's stream announced the next version before this silo's gateway has it.
        var refetch = scenario.Device.PostAsJsonAsync($"/ofrep/v1/evaluate/flags?flagConfigEtag=%22v{next}%22", new { context = new { targetingKey = "u1" } });
        await silo.CreateAdminClient().PutFlagsAsync(scenario.Project, "prod", Documents.Bench50);
        var response = await refetch;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith($"\"{next}-", response.Headers.ETag!.Tag, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_revalidation_naming_a_version_this_silo_lacks_waits_for_it_instead_of_going_back()
    {
        var scenario = await StreamScenario.CreateAsync(silo);
        var next = scenario.CurrentVersion(silo) + 1;

        // As if the device's previous answer came from a silo that already serves the next version.
        using var revalidation = new HttpRequestMessage(HttpMethod.Post, "/ofrep/v1/evaluate/flags") { Content = JsonContent.Create(new { context = new { targetingKey = "u1" } }) };
        revalidation.Headers.TryAddWithoutValidation("If-None-Match", $"\"{next}-0123456789abcdef01234567\"");
        var answer = scenario.Device.SendAsync(revalidation);
        await silo.CreateAdminClient().PutFlagsAsync(scenario.Project, "prod", Documents.Bench50);
        var response = await answer;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith($"\"{next}-", response.Headers.ETag!.Tag, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"7-abc\"", 7)]
    [InlineData("W/\"7-abc\", \"9-def\"", 9)]
    [InlineData("*, \"12-x\"", 12)]
    public void Revalidated_versions_are_read_from_our_entity_tags(string header, long version)
    {
        Assert.True(EntityTag.TryReadNewestBulkVersion(header, out var parsed));
        Assert.Equal(version, parsed);
    }

    [Theory]
    [InlineData("*")]
    [InlineData("\"abc\"")]
    [InlineData("\"-1-abc\"")]
    [InlineData("\"99999999999999999999999-abc\"")]
    public void Foreign_entity_tags_cause_no_wait(string header) => Assert.False(EntityTag.TryReadNewestBulkVersion(header, out _));

    [Theory]
    [InlineData("flagConfigEtag=garbage")]
    [InlineData("flagConfigEtag=%22v1%22&flagConfigLastModified=yesterday")]
    [InlineData("flagConfigLastModified=1771622898")]
    [InlineData("flagConfigLastModified=2026-02-20T21:28:18Z")]
    public async Task Hints_the_silo_already_satisfies_or_cannot_read_are_accepted(string query)
    {
        var scenario = await StreamScenario.CreateAsync(silo);

        var response = await scenario.Device.PostAsJsonAsync($"/ofrep/v1/evaluate/flags?{query}", new { context = new { targetingKey = "u1" } });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_hint_never_lets_a_request_without_a_valid_key_wait()
    {
        var response = await silo.CreateClient("fgc.nope.prod.abcdefgh.secret")
            .PostAsJsonAsync("/ofrep/v1/evaluate/flags?flagConfigEtag=%22v999%22", new { context = new { targetingKey = "u1" } });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("\"v12\"", 12)]
    [InlineData("W/\"v12\"", 12)]
    [InlineData("v12", 12)]
    public void Flag_config_tags_parse_in_every_form_clients_echo(string tag, long version)
    {
        Assert.True(EntityTag.TryParseVersion(tag, out var parsed));
        Assert.Equal(version, parsed);
        Assert.Equal("\"v12\"", EntityTag.ForVersion(12));
    }

    [Theory]
    [InlineData("")]
    [InlineData("12")]
    [InlineData("\"v\"")]
    [InlineData("\"v-1\"")]
    [InlineData("\"v99999999999999999999999\"")]
    public void Malformed_flag_config_tags_are_rejected(string tag) => Assert.False(EntityTag.TryParseVersion(tag, out _));

    [Fact]
    public void Last_modified_is_used_only_without_an_etag()
    {
        var both = new QueryCollection(new Dictionary<string, StringValues> { ["flagConfigEtag"] = "\"v3\"", ["flagConfigLastModified"] = "99999999999" });
        var older = Snapshots.WithKeys("p/e", 3);

        Assert.True(RefetchHint.Condition(both)!(older));
        Assert.Null(RefetchHint.Condition(new QueryCollection()));
    }
}
