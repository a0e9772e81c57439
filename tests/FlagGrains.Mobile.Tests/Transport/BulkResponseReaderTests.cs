using System.Text;
using FlagGrains.Mobile.Transport;

namespace FlagGrains.Mobile.Tests.Transport;

public sealed class BulkResponseReaderTests
{
    private static readonly Uri BaseUrl = new("https://flags.example.com/tenant/ofrep/v1/evaluate/flags");

    [Fact]
    public void Flags_and_the_first_usable_sse_stream_are_read_and_unknown_types_skipped()
    {
        var read = Read("""
            {"flags":[{"key":"a","value":true,"reason":"STATIC"},{"no":"key"}],
             "eventStreams":[{"type":"websocket","url":"wss://x.test/ws"},{"type":"sse","url":"ftp://x.test/s"},
                             {"type":"sse","url":"https://sse.example.com/s?token=t","inactivityDelaySec":30}]}
            """);

        Assert.Equal(["a"], read!.Value.Flags.Select(f => f.Key));
        Assert.Equal(new StreamLink(new Uri("https://sse.example.com/s?token=t"), TimeSpan.FromSeconds(30)), read.Value.Stream);
    }

    [Theory]
    [InlineData("""{"origin":"https://proxy.example.net","requestUri":"/ofrep/v1/event-stream?token=t"}""", "https://proxy.example.net/ofrep/v1/event-stream?token=t")]
    [InlineData("""{"origin":"https://proxy.example.net/","requestUri":"ofrep/v1/event-stream"}""", "https://proxy.example.net/ofrep/v1/event-stream")]
    [InlineData("""{"requestUri":"/ofrep/v1/event-stream?token=t"}""", "https://flags.example.com/ofrep/v1/event-stream?token=t")]
    public void An_endpoint_is_its_origin_or_the_services_followed_by_its_request_uri(string endpoint, string expected)
    {
        var read = Read($$"""{"flags":[],"eventStreams":[{"type":"sse","endpoint":{{endpoint}}}]}""");

        Assert.Equal(new Uri(expected), read!.Value.Stream!.Url);
    }

    [Theory]
    [InlineData("""{"flags":[],"eventStreams":[{"type":"sse","endpoint":{"origin":"https://x.test"}}]}""")]
    [InlineData("""{"flags":[],"eventStreams":[{"type":"sse"}]}""")]
    [InlineData("""{"flags":[],"eventStreams":{"type":"sse","url":"https://x.test/s"}}""")]
    [InlineData("""{"flags":[]}""")]
    public void Without_a_usable_sse_entry_there_is_no_stream(string body)
    {
        Assert.Null(Read(body)!.Value.Stream);
    }

    [Theory]
    [InlineData("<html>captive portal</html>")]
    [InlineData("""{"flags":{}}""")]
    [InlineData("[]")]
    public void A_body_that_is_not_a_bulk_answer_is_not_read(string body)
    {
        Assert.Null(Read(body));
    }

    private static (IReadOnlyList<Mobile.Evaluation.FlagEvaluation> Flags, StreamLink? Stream)? Read(string body) =>
        BulkResponseReader.Read(Encoding.UTF8.GetBytes(body), BaseUrl);
}
