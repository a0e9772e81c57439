using System.Globalization;
using System.Net;
using System.Text;
using FlagGrains.Mobile.Tests.TestSupport;

namespace FlagGrains.Mobile.Tests;

/// <summary>
/// Devices hop silos behind a load balancer, and silos can be a few milliseconds apart: an answer older than the
/// values a device holds must not move it back.
/// </summary>
[Collection(SiloCollection.Name)]
public sealed class FlagGrainsClientVersionOrderTests(SiloFixture fixture)
{
    [Fact]
    public async Task An_older_answer_is_set_aside_and_asked_again_with_the_held_version_as_hint()
    {
        var (_, key) = await fixture.Silo.CreateEnvironmentAsync(Flags.Document("red"));
        var handler = new RecordingHandler();
        await using var client = new FlagGrainsClient(ClientFactory.Options(fixture.Silo.BaseUrl, key, handler));
        Assert.Equal(FlagStatus.Ready, await client.WaitUntilReadyAsync().WaitAsync(TimeSpan.FromSeconds(15)));

        handler.InterceptBulk(_ => OlderAnswer("blue"));
        client.Refresh();
        var again = await handler.WaitForAsync(e => e.IsBulk && e.FlagConfigEtag is not null, "the hinted re-fetch");

        Assert.Equal("red", client.GetStringValue("banner-color", "fallback"));
        Assert.Equal(200, again.Status);
        Assert.True(long.Parse(again.FlagConfigEtag!.Trim('"').TrimStart('v'), CultureInfo.InvariantCulture) >= 1);
    }

    [Fact]
    public async Task An_older_answer_that_persists_after_the_hinted_retry_is_accepted()
    {
        var (_, key) = await fixture.Silo.CreateEnvironmentAsync(Flags.Document("red"));
        var handler = new RecordingHandler();
        await using var client = new FlagGrainsClient(ClientFactory.Options(fixture.Silo.BaseUrl, key, handler));
        Assert.Equal(FlagStatus.Ready, await client.WaitUntilReadyAsync().WaitAsync(TimeSpan.FromSeconds(15)));
        var changed = ClientFactory.ChangeToAsync(client, "banner-color", "blue");

        // The cluster insists (a silo cut off for longer than the re-fetch wait, or a restored database).
        handler.InterceptBulk(_ => OlderAnswer("blue"));
        handler.InterceptBulk(_ => OlderAnswer("blue"));
        client.Refresh();
        await changed;

        Assert.Single(handler.Exchanges, e => e.IsBulk && e.FlagConfigEtag is not null);
    }

    /// <summary>A 200 from "another silo" at version 0, older than any real environment version.</summary>
    private static Task<HttpResponseMessage?> OlderAnswer(string color)
    {
        var body = $$"""{"flags":[{"key":"banner-color","value":"{{color}}","reason":"STATIC","variant":"{{color}}"}]}""";
        var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        response.Headers.ETag = new System.Net.Http.Headers.EntityTagHeaderValue("\"0-older\"");
        return Task.FromResult<HttpResponseMessage?>(response);
    }
}
