using System.Globalization;
using System.Text;

namespace FlagGrains.Mobile.Transport;

/// <summary>
/// Parses a text/event-stream (WHATWG HTML, "server-sent events"): fields per line, events dispatched at blank
/// lines, comments ignored. Only what OFREP notifications use is kept: id, event, data and the retry hint.
/// </summary>
internal sealed class SseEventReader(Stream stream)
{
    private readonly StreamReader _reader = new(stream, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: false);
    private readonly StringBuilder _data = new();
    private string _type = "";

    /// <summary>The id of the last event that set one; sent back as Last-Event-ID on reconnect.</summary>
    public string? LastEventId { get; private set; }

    /// <summary>The server's reconnection delay hint, if it sent one.</summary>
    public TimeSpan? Retry { get; private set; }

    /// <summary>Fires on every line read, comments included: proof the connection is alive.</summary>
    public Action? LineRead { get; set; }

    /// <summary>The next event; null when the stream ended.</summary>
    public async Task<SseEvent?> ReadAsync()
    {
        while (await _reader.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            LineRead?.Invoke();
            if (line.Length == 0)
            {
                if (_data.Length == 0)
                {
                    _type = "";
                    continue;
                }

                var data = _data.ToString(0, _data.Length - 1);
                var dispatched = new SseEvent(LastEventId, _type.Length == 0 ? "message" : _type, data);
                _data.Clear();
                _type = "";
                return dispatched;
            }

            if (line[0] == ':') continue;
            var colon = line.IndexOf(':');
            var field = colon < 0 ? line : line.Substring(0, colon);
            var value = colon < 0 ? "" : line.Substring(colon + 1);
            if (value.Length > 0 && value[0] == ' ') value = value.Substring(1);
            Apply(field, value);
        }

        return null;
    }

    private void Apply(string field, string value)
    {
        switch (field)
        {
            case "data":
                _data.Append(value).Append('\n');
                break;
            case "event":
                _type = value;
                break;
            case "id" when value.IndexOf('\0') < 0:
                LastEventId = value;
                break;
            case "retry" when value.Length > 0 && value.All(c => c is >= '0' and <= '9')
                              && long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var millis):
                Retry = TimeSpan.FromMilliseconds(millis);
                break;
        }
    }
}
