using System.Text.Json;
using FlagGrains.Chaos.History;
using FlagGrains.Testing.Cluster;

namespace FlagGrains.Chaos.Workload;

/// <summary>Reads what an answer says into its record: the version (ETag or body), the values, Retry-After.</summary>
public static class Answers
{
    public static HistoryRecord Describe(HistoryRecord record, HttpResponseMessage response, string body)
    {
        var status = (int)response.StatusCode;
        var etag = response.Headers.ETag?.Tag;
        try
        {
            return record.Kind switch
            {
                OpKinds.Bulk when status is 200 or 304 => record with
                {
                    Version = EntityTagVersion.OfBulk(etag),
                    Values = status == 200 ? FlagDocuments.ValuesOfAnswer(body) : null,
                },
                OpKinds.Flag when status == 200 => record with { Values = FlagDocuments.ValuesOfAnswer(body) },
                OpKinds.PutSet or OpKinds.PutFlag when status is >= 200 and < 300 => record with { Version = VersionOfBody(body) },
                OpKinds.GetSet when status == 200 => record with { Version = EntityTagVersion.OfAdmin(etag), Values = FlagDocuments.StampsOfDocument(body) },
                OpKinds.GetFlag when status == 200 => record with { ETag = etag, Values = FlagDocuments.StampsOfDocument(body, record.Values?.Keys.Single()) },
                _ => record with { RetryAfter = status == 503 ? response.Headers.RetryAfter is not null : null, Detail = Excerpt(record.Detail, body) },
            };
        }
        catch (Exception ex) when (ex is FormatException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return record with { Detail = Excerpt($"unreadable answer ({ex.Message})", body) };
        }
    }

    private static long VersionOfBody(string body)
    {
        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("version").GetInt64();
    }

    private static string Excerpt(string? before, string body)
    {
        var excerpt = body.Length > 200 ? body[..200] + "…" : body;
        return before is null ? excerpt : $"{before}: {excerpt}";
    }
}
