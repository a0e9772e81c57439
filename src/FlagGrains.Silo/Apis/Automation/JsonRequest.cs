using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using FlagGrains.Contracts.Environments;
using FlagGrains.Domain.Releases;
using FlagGrains.Silo.Apis.Admin;
using FlagGrains.Silo.Apis.Http;

namespace FlagGrains.Silo.Apis.Automation;

/// <summary>
/// Reads an automation request field by field, collecting one problem per bad field with its JSON path, so a 400 lists
/// everything wrong at once (and names each field) instead of failing at the first.
/// </summary>
internal sealed partial class JsonRequest
{
    public const int MaxBodyBytes = 1024 * 1024;

    public List<FlagSetProblem> Problems { get; } = [];

    /// <summary>The body as a JSON object, or the problem result to answer with.</summary>
    public static async Task<(JsonDocument? Document, IResult? Problem)> ReadObjectAsync(HttpContext http, string example)
    {
        var (text, problem) = await Utf8Body.ReadAsync(http.Request, MaxBodyBytes, http.RequestAborted);
        if (problem is not null) return (null, problem);
        try
        {
            var document = JsonDocument.Parse(text!, new JsonDocumentOptions { MaxDepth = 64 });
            if (document.RootElement.ValueKind == JsonValueKind.Object) return (document, null);
            document.Dispose();
        }
        catch (JsonException)
        {
            // Answered below, with the example.
        }

        return (null, Http.Problems.BadRequest("Invalid request", $"Body must be a JSON object like {example}."));
    }

    public void RejectUnknown(JsonElement value, string path, params string[] known)
    {
        foreach (var property in value.EnumerateObject())
        {
            if (!known.Contains(property.Name, StringComparer.Ordinal))
                Add(Child(path, property.Name), $"Unknown property '{property.Name}'; expected {string.Join(", ", known.Select(k => $"'{k}'"))}.");
        }
    }

    public string? String(JsonElement parent, string path, string name, bool required)
    {
        if (!Present(parent, name, out var value)) { Missing(path, name, required, "a string"); return null; }
        if (value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text) return text;
        Add(Child(path, name), $"'{name}' must be a non-empty string.");
        return null;
    }

    public int? WholeNumber(JsonElement parent, string path, string name, bool required)
    {
        if (!Present(parent, name, out var value)) { Missing(path, name, required, "a whole number"); return null; }
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number)) return number;
        Add(Child(path, name), $"'{name}' must be a whole number, not {value.GetRawText()}.");
        return null;
    }

    public long? LongNumber(JsonElement parent, string path, string name, bool required)
    {
        if (!Present(parent, name, out var value)) { Missing(path, name, required, "a whole number"); return null; }
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number)) return number;
        Add(Child(path, name), $"'{name}' must be a whole number, not {value.GetRawText()}.");
        return null;
    }

    public double? Number(JsonElement parent, string path, string name, bool required)
    {
        if (!Present(parent, name, out var value)) { Missing(path, name, required, "a number"); return null; }
        if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number)) return number;
        Add(Child(path, name), $"'{name}' must be a number, not {value.GetRawText()}.");
        return null;
    }

    public bool? Boolean(JsonElement parent, string path, string name, bool required)
    {
        if (!Present(parent, name, out var value)) { Missing(path, name, required, "true or false"); return null; }
        if (value.ValueKind is JsonValueKind.True or JsonValueKind.False) return value.GetBoolean();
        Add(Child(path, name), $"'{name}' must be true or false, not {value.GetRawText()}.");
        return null;
    }

    /// <summary>An RFC 3339 time with its offset (<c>2026-07-01T09:00:00Z</c>); a time without one would mean different instants on different machines.</summary>
    public DateTimeOffset? Time(JsonElement parent, string path, string name, bool required)
    {
        if (!Present(parent, name, out var value)) { Missing(path, name, required, "an RFC 3339 time"); return null; }
        if (value.ValueKind == JsonValueKind.String && value.GetString() is { } text && Rfc3339().IsMatch(text)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
            return time;
        Add(Child(path, name), $"'{name}' must be an RFC 3339 time with an offset, such as \"2026-07-01T09:00:00Z\", not {value.GetRawText()}.");
        return null;
    }

    public TimeSpan? Duration(JsonElement parent, string path, string name, bool required)
    {
        if (!Present(parent, name, out var value)) { Missing(path, name, required, "an ISO 8601 duration"); return null; }
        if (value.ValueKind == JsonValueKind.String && IsoDuration.TryParse(value.GetString(), out var duration)) return duration;
        Add(Child(path, name), $"'{name}' must be an ISO 8601 duration of fixed length such as \"PT10M\", \"PT1H\" or \"P1D\", not {value.GetRawText()}.");
        return null;
    }

    /// <summary>A nested object; null (with a problem when required) otherwise.</summary>
    public JsonElement? Object(JsonElement parent, string path, string name, bool required)
    {
        if (!Present(parent, name, out var value)) { Missing(path, name, required, "an object"); return null; }
        if (value.ValueKind == JsonValueKind.Object) return value;
        Add(Child(path, name), $"'{name}' must be an object, not {value.GetRawText()}.");
        return null;
    }

    public JsonElement? Array(JsonElement parent, string path, string name, bool required)
    {
        if (!Present(parent, name, out var value)) { Missing(path, name, required, "an array"); return null; }
        if (value.ValueKind == JsonValueKind.Array) return value;
        Add(Child(path, name), $"'{name}' must be an array, not {value.GetRawText()}.");
        return null;
    }

    public void Add(string path, string message) => Problems.Add(new FlagSetProblem(path, message));

    public static string Child(string path, string name) =>
        name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_') ? $"{path}.{name}" : $"{path}['{name.Replace("'", "\\'", StringComparison.Ordinal)}']";

    public static string Index(string path, int index) => $"{path}[{index.ToString(CultureInfo.InvariantCulture)}]";

    private static bool Present(JsonElement parent, string name, out JsonElement value) =>
        parent.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null;

    private void Missing(string path, string name, bool required, string what)
    {
        if (required) Add(Child(path, name), $"'{name}' is required: {what}.");
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d{1,7})?([Zz]|[+-]\d{2}:\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex Rfc3339();
}
