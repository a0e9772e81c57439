using System.Net.Http.Headers;
using System.Text.Json;
using FlagGrains.Chaos.History;
using FlagGrains.Chaos.Workload;
using FlagGrains.Testing.Cluster;

namespace FlagGrains.Chaos.Running;

/// <summary>
/// Reads the environment's audit log back (every page) into the history: the stored change of each version with the
/// stamps it set. The checker rebuilds what each version stored from it.
/// </summary>
public static class StoredHistoryReader
{
    public static async Task<int> AppendAsync(Uri silo, string environmentPath, HistoryLog history)
    {
        using var http = new HttpClient { BaseAddress = silo, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", SiloCluster.AdminToken);
        var count = 0;
        long? cursor = null;
        do
        {
            var page = await http.GetStringAsync($"{environmentPath}/audit?limit=500{(cursor is { } c ? $"&cursor={c}" : "")}");
            using var json = JsonDocument.Parse(page);
            foreach (var entry in json.RootElement.GetProperty("entries").EnumerateArray())
            {
                var values = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var change in entry.GetProperty("changes").EnumerateArray())
                {
                    var item = change.GetProperty("item").GetString()!;
                    if (!item.StartsWith("flags/", StringComparison.Ordinal)) continue;
                    var after = change.GetProperty("after");
                    values[item["flags/".Length..]] = after.ValueKind == JsonValueKind.Null ? "" : FlagDocuments.StampOf(after) ?? "";
                }

                history.Add(new HistoryRecord
                {
                    Type = RecordTypes.Audit,
                    Kind = entry.GetProperty("action").GetString(),
                    Version = entry.GetProperty("version").ValueKind == JsonValueKind.Number ? entry.GetProperty("version").GetInt64() : null,
                    T0 = history.Now,
                    Values = values,
                    Detail = entry.GetProperty("id").GetString(),
                });
                count++;
            }

            cursor = json.RootElement.TryGetProperty("nextCursor", out var next) && next.ValueKind == JsonValueKind.Number ? next.GetInt64() : null;
        }
        while (cursor is not null);

        return count;
    }
}
