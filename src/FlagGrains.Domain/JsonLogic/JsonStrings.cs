using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace FlagGrains.Domain.JsonLogic;

/// <summary>
/// Reads JSON strings the way flagd (Go's encoding/json) and browsers' JSON.parse accept them: an escaped
/// surrogate without its partner (<c>"\ud800"</c>) is valid JSON grammar, but System.Text.Json refuses to
/// unescape it and throws. One such character in a user's attributes must not fail the evaluation (or
/// the HTTP request), so it becomes U+FFFD, as in Go — which also hashes to the same UTF-8 bytes.
/// </summary>
internal static class JsonStrings
{
    private const char Replacement = '\uFFFD';

    public static string Read(JsonElement element)
    {
        try
        {
            return element.GetString()!;
        }
        catch (InvalidOperationException)
        {
            return Decode(JsonMarshal.GetRawUtf8Value(element));
        }
    }

    public static string PropertyName(JsonProperty property)
    {
        if (PropertyNames.TryGet(JsonMarshal.GetRawUtf8PropertyName(property)) is { } shared) return shared;
        try
        {
            return property.Name;
        }
        catch (InvalidOperationException)
        {
            return Decode(JsonMarshal.GetRawUtf8PropertyName(property));
        }
    }

    /// <summary>Unescapes raw JSON string text (already validated by the parser), then replaces unpaired surrogates.</summary>
    internal static string Decode(ReadOnlySpan<byte> raw)
    {
        if (raw.Length >= 2 && raw[0] == (byte)'"' && raw[^1] == (byte)'"')
        {
            raw = raw[1..^1];
        }

        var text = new StringBuilder(raw.Length);
        while (!raw.IsEmpty)
        {
            var escape = raw.IndexOf((byte)'\\');
            if (escape < 0)
            {
                text.Append(Encoding.UTF8.GetString(raw));
                break;
            }

            // An escape is ASCII, so the bytes before it end on a character boundary.
            text.Append(Encoding.UTF8.GetString(raw[..escape]));
            var kind = (char)raw[escape + 1];
            if (kind == 'u')
            {
                text.Append((char)ushort.Parse(Encoding.ASCII.GetString(raw.Slice(escape + 2, 4)), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture));
                raw = raw[(escape + 6)..];
                continue;
            }

            text.Append(kind switch { 'b' => '\b', 'f' => '\f', 'n' => '\n', 'r' => '\r', 't' => '\t', _ => kind });
            raw = raw[(escape + 2)..];
        }

        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                text[i] = Replacement;
            }
        }

        return text.ToString();
    }
}
