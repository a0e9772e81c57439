using System.Text.Json;
using FlagGrains.Silo.Apis.Http;

namespace FlagGrains.Silo.Apis.Admin;

/// <summary>Reads a small admin JSON body whatever its content type: `curl -d` sends form encoding by default.</summary>
public static class JsonBody
{
    /// <summary>The body, or a 400 problem quoting <paramref name="example"/> when it is not that JSON.</summary>
    public static async Task<(T? Body, IResult? Problem)> ReadAsync<T>(HttpRequest request, string example)
        where T : class
    {
        try
        {
            return (await JsonSerializer.DeserializeAsync<T>(request.Body, AdminJson.Options, request.HttpContext.RequestAborted), null);
        }
        catch (JsonException)
        {
            return (null, Problems.BadRequest("Invalid request", $"Body must be JSON like {example}."));
        }
    }
}
