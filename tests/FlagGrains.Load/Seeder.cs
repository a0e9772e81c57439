using System.Text.Json.Nodes;

namespace FlagGrains.Load;

/// <summary>
/// Writes the benchmark flag set (optionally repeated under new names, e.g. 20 × 50 = 1,000 flags) and prints a
/// fresh client key for it as <c>KEY=...</c>.
/// </summary>
public static class Seeder
{
    public static async Task<int> RunAsync(CommandLine options)
    {
        var project = options.Text("project", "bench");
        var environment = options.Text("env", "prod");
        var document = Multiply(File.ReadAllText(options.Text("flags")), options.Number("multiply", 1));
        using var admin = new AdminClient(options.Text("admin"), options.Text("token"));
        await admin.PutFlagSetAsync(project, environment, document);
        Console.WriteLine($"KEY={await admin.CreateClientKeyAsync(project, environment)}");
        return 0;
    }

    /// <summary>Copies every flag <paramref name="times"/> times (<c>{key}-r{n}</c>); one copy keeps the original names.</summary>
    public static string Multiply(string documentJson, int times)
    {
        var document = JsonNode.Parse(documentJson)!.AsObject();
        if (times <= 1) return document.ToJsonString();
        var flags = document["flags"]!.AsObject();
        var copies = new JsonObject();
        foreach (var (key, flag) in flags)
        {
            for (var n = 0; n < times; n++) copies[n == 0 ? key : $"{key}-r{n}"] = flag!.DeepClone();
        }

        document["flags"] = copies;
        return document.ToJsonString();
    }
}
