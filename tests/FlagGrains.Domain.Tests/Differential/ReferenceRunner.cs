using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace FlagGrains.Domain.Tests.Differential;

/// <summary>One flag file the reference evaluates for every context.</summary>
internal sealed record ReferenceCase(string Name, string FlagFile);

/// <summary>One line of the reference's output: every flag of one case for one context.</summary>
internal sealed record ReferenceLine(string Case, int Context, IReadOnlyList<string>? Keys, JsonElement Results);

/// <summary>
/// Runs <c>tests/differential-node/evaluate.cjs</c> once for a whole batch (node's start-up costs more than
/// thousands of evaluations) and streams its JSON lines back, so comparison overlaps with evaluation.
/// </summary>
internal static class ReferenceRunner
{
    private static readonly TimeSpan MaxDuration = TimeSpan.FromMinutes(10);

    public static void Run(IReadOnlyList<ReferenceCase> cases, IReadOnlyList<string> contexts, long nowMillis, Action<ReferenceLine> onLine)
    {
        var node = ReferenceEnvironment.Node;
        var inputFile = Path.Combine(Path.GetTempPath(), $"flaggrains-differential-{Environment.ProcessId}-{Guid.NewGuid():N}.json");
        File.WriteAllText(inputFile, InputJson(cases, contexts, nowMillis), new UTF8Encoding(false));
        try
        {
            var start = new ProcessStartInfo(node)
            {
                WorkingDirectory = ReferenceEnvironment.ScriptDirectory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                StandardOutputEncoding = new UTF8Encoding(false),
                UseShellExecute = false,
            };
            start.ArgumentList.Add("evaluate.cjs");
            start.ArgumentList.Add(inputFile);
            using var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start.");
            var errors = process.StandardError.ReadToEndAsync();
            var timedOut = false;

            // A hung node would block ReadLine forever; killing it ends the stream.
            using var watchdog = new Timer(_ => { timedOut = true; process.Kill(entireProcessTree: true); }, null, MaxDuration, Timeout.InfiniteTimeSpan);
            while (process.StandardOutput.ReadLine() is { } line)
            {
                using var document = JsonDocument.Parse(line);
                var root = document.RootElement;
                var keys = root.TryGetProperty("keys", out var keyArray)
                    ? keyArray.EnumerateArray().Select(key => key.GetString()!).ToArray()
                    : null;
                onLine(new ReferenceLine(root.GetProperty("case").GetString()!, root.GetProperty("context").GetInt32(), keys, root.GetProperty("results")));
            }

            process.WaitForExit();
            if (timedOut)
            {
                throw new TimeoutException($"The reference evaluator ran longer than {MaxDuration}.");
            }

            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"The reference evaluator exited with {process.ExitCode}: {errors.Result}");
            }
        }
        finally
        {
            File.Delete(inputFile);
        }
    }

    private static string InputJson(IReadOnlyList<ReferenceCase> cases, IReadOnlyList<string> contexts, long nowMillis)
    {
        var caseArray = new JsonArray();
        foreach (var item in cases)
        {
            caseArray.Add(new JsonObject { ["name"] = item.Name, ["flagFile"] = Path.GetFullPath(item.FlagFile) });
        }

        // Contexts are spliced in as raw JSON text: that text is exactly what the engine side parses too.
        var text = new StringBuilder();
        text.Append("{\"nowMillis\":").Append(nowMillis).Append(",\"cases\":").Append(caseArray.ToJsonString()).Append(",\"contexts\":[");
        for (var i = 0; i < contexts.Count; i++)
        {
            text.Append(i == 0 ? "" : ",").Append(contexts[i]);
        }

        return text.Append("]}").ToString();
    }
}
