using System.Text;
using FlagGrains.Mobile.Transport;

namespace FlagGrains.Mobile.Tests.Transport;

public sealed class SseEventReaderTests
{
    [Fact]
    public async Task Events_are_dispatched_at_blank_lines_with_id_type_and_joined_data()
    {
        var reader = Reader("retry: 3000\n: comment\n\nid: 7\nevent: message\ndata: {\"a\":\ndata: 1}\n\ndata:no space\r\n\r\n");

        var first = await reader.ReadAsync();
        var second = await reader.ReadAsync();

        Assert.Equal(new SseEvent("7", "message", "{\"a\":\n1}"), first);
        Assert.Equal(new SseEvent("7", "message", "no space"), second);
        Assert.Equal(TimeSpan.FromSeconds(3), reader.Retry);
        Assert.Null(await reader.ReadAsync());
    }

    [Fact]
    public async Task Comments_and_unknown_fields_are_ignored_and_an_unterminated_event_is_dropped()
    {
        var reader = Reader(": keep-alive\n\nfoo: bar\nretry: soon\nid: 1\ndata: partial");

        Assert.Null(await reader.ReadAsync());
        Assert.Null(reader.Retry);
        Assert.Equal("1", reader.LastEventId);
    }

    [Fact]
    public async Task Every_line_counts_as_a_sign_of_life()
    {
        var lines = 0;
        var reader = Reader(": a\n: b\n\n");
        reader.LineRead = () => lines++;

        await reader.ReadAsync();

        Assert.Equal(3, lines);
    }

    private static SseEventReader Reader(string text) => new(new MemoryStream(Encoding.UTF8.GetBytes(text)));
}
