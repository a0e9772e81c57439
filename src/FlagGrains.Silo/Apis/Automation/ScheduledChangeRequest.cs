using System.Text.Json;
using FlagGrains.Contracts.Schedules;

namespace FlagGrains.Silo.Apis.Automation;

/// <summary>The body of <c>POST …/scheduled-changes</c>: a time and flags to set (a flagd definition) or remove (null).</summary>
internal static class ScheduledChangeRequest
{
    public const string Example = """{"at":"2026-07-01T09:00:00Z","flags":{"summer-sale":{"state":"ENABLED","variants":{"on":true,"off":false},"defaultVariant":"on"},"old-banner":null}}""";

    public static ScheduledChangeDefinition? Parse(JsonElement body, string environmentKey, JsonRequest request)
    {
        const string root = "$";
        request.RejectUnknown(body, root, "at", "flags");
        var at = request.Time(body, root, "at", required: true);
        var flags = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (request.Object(body, root, "flags", required: true) is { } listed)
        {
            foreach (var flag in listed.EnumerateObject())
            {
                if (flag.Value.ValueKind is JsonValueKind.Object or JsonValueKind.Null)
                    flags[flag.Name] = flag.Value.ValueKind == JsonValueKind.Null ? null : flag.Value.GetRawText();
                else
                    request.Add(JsonRequest.Child("$.flags", flag.Name), "A flag is set with its flagd definition (an object) or removed with null.");
            }
        }

        return request.Problems.Count > 0 ? null : new ScheduledChangeDefinition(environmentKey, at!.Value, flags);
    }
}
