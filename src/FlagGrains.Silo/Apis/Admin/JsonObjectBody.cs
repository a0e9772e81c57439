using System.Text.Json;
using System.Text.Json.Nodes;
using FlagGrains.Silo.Apis.Http;

namespace FlagGrains.Silo.Apis.Admin;

/// <summary>
/// Reads a small admin body as a JSON object, so each field can be checked (and named in a problem) one by one,
/// whatever the content type: <c>curl -d</c> sends form encoding by default.
/// </summary>
public static class JsonObjectBody
{
    private const int MaxBytes = 64 * 1024;

    public static async Task<(JsonObject? Body, IResult? Problem)> ReadAsync(HttpRequest request, string example)
    {
        var (text, problem) = await Utf8Body.ReadAsync(request, MaxBytes, request.HttpContext.RequestAborted);
        if (problem is not null) return (null, problem);
        try
        {
            if (JsonNode.Parse(text!) is JsonObject body)
            {
                _ = body.Count; // materialises the properties, so a duplicate name is refused here
                return (body, null);
            }
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException)
        {
            // Answered below, with an example.
        }

        return (null, Problems.BadRequest("Invalid request", $"Body must be a JSON object like {example}."));
    }
}
