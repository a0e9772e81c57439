using System.Net;
using System.Text.Json;

namespace FlagGrains.Silo.Tests.TestSupport;

/// <summary>Reads an answer's JSON after checking its status, so a failure shows what the server said.</summary>
public static class JsonAnswers
{
    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"Expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>The field a problem names in <c>errors[0].field</c>, after checking it is a problem of that status.</summary>
    public static async Task<string> ProblemFieldAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.JsonAsync(expected);
        return problem.GetProperty("errors")[0].GetProperty("field").GetString()!;
    }
}
