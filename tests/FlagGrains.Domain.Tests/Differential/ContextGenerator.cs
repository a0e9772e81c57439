using System.Text;
using static FlagGrains.Domain.Tests.Differential.SamplePools;

namespace FlagGrains.Domain.Tests.Differential;

/// <summary>
/// Deterministic (seeded) evaluation contexts as JSON object text. Every attribute the compared flag
/// files read is, independently, absent, a plausible value, or hostile: the wrong JSON type, a number
/// written as a string, unicode, a very long string. A few contexts carry structural oddities too
/// (a client-supplied <c>$flagd</c>, a key containing a dot, <c>__proto__</c>).
/// </summary>
internal static class ContextGenerator
{
    private delegate string Plausible(Random random);

    private static readonly (string Name, Plausible Value)[] Attributes =
    [
        ("targetingKey", random => random.Next(4) == 0 ? Json($"user-{random.Next(200)}") : Pick(random, BucketKeys)),
        ("email", random => Pick(random, Emails)),
        ("user", random => $"{{\"name\":{Pick(random, random.Next(4) == 0 ? Unicode : Words)}}}"),
        ("version", random => Pick(random, SemanticVersions)),
        ("appVersion", random => Pick(random, SemanticVersions)),
        ("minVersion", random => Pick(random, SemanticVersions)),
        ("versionOperator", random => Pick(random, SemVerOperators)),
        ("age", random => Pick(random, Numbers)),
        ("score", random => random.Next(2) == 0 ? Pick(random, Numbers) : Pick(random, NumericStrings)),
        ("num", random => Pick(random, Numbers)),
        ("id", random => random.Next(2) == 0 ? Pick(random, Numbers) : Json($"id-{random.Next(1000)}")),
        ("time", random => Pick(random, Timestamps)),
        ("expiresAt", random => Pick(random, Timestamps)),
        ("color", random => Pick(random, Words)),
        ("tier", random => Pick(random, Words)),
        ("plan", random => Pick(random, Words)),
        ("country", random => Pick(random, Words)),
        ("platform", random => Pick(random, Words)),
        ("name", random => Pick(random, random.Next(2) == 0 ? Unicode : Words)),
        ("customer", random => Pick(random, Words)),
        ("fn", random => Pick(random, Words)),
        ("ln", random => Pick(random, Words)),
        ("hashing_input", random => Pick(random, BucketKeys)),
        ("missing_key", random => Pick(random, BucketKeys)),
        ("injectedmetadata", random => Pick(random, Words)),
        ("beta", random => random.Next(2) == 0 ? "true" : "false"),
        ("blocked", random => random.Next(2) == 0 ? "true" : "false"),
        ("tags", random => Array(random, () => Pick(random, Words))),
        ("numbers", random => Array(random, () => random.Next(8) == 0 ? Pick(random, NumericStrings) : Pick(random, Numbers))),
        ("items", random => Array(random, () => $"{{\"kind\":{Pick(random, Words)}}}")),
        ("prefs", random => $"{{\"pro\":{Pick(random, Words)},\"team\":{Pick(random, Words)},\"free\":{Pick(random, Unicode)}}}"),
    ];

    private static readonly string[] Oddities =
    [
        "\"$flagd\":{\"flagKey\":\"spoofed\",\"timestamp\":0}",
        "\"user.name\":\"dotted\"",
        "\"__proto__\":{\"tier\":\"gold\",\"targetingKey\":\"proto-user\"}",
        "\"\":\"empty key\"",
        "\"accumulator\":5,\"current\":1",
    ];

    /// <summary>Hand-picked contexts first (what the flag files were written for), then generated ones.</summary>
    public static IReadOnlyList<string> Generate(int seed, int count)
    {
        var contexts = new List<string>
        {
            "{}",
            "{\"targetingKey\":\"jon@company.com\"}",
            "{\"targetingKey\":\"jane@company.com\",\"email\":\"ballmer@macrosoft.com\",\"age\":30}",
            "{\"user\":{\"name\":\"jack\"},\"version\":\"2.0.0\",\"appVersion\":\"2.1.0\",\"platform\":\"ios\"}",
            "{\"targetingKey\":\"user-3\",\"tier\":\"gold\",\"age\":40,\"country\":\"NL\",\"beta\":true,\"tags\":[\"beta\"]}",
            "{\"targetingKey\":\"jöhn\",\"email\":\"jöns@exämple.com\",\"name\":\"josé\"}",
            "{\"targetingKey\":42}",
            "{\"targetingKey\":\"\"}",
        };

        var random = new Random(seed);
        while (contexts.Count < count)
        {
            contexts.Add(Next(random));
        }

        return contexts;
    }

    private static string Next(Random random)
    {
        var text = new StringBuilder("{");
        foreach (var (name, plausible) in Attributes)
        {
            if (random.NextDouble() < 0.4)
            {
                continue;
            }

            var roll = random.NextDouble();
            var value = roll switch
            {
                < 0.55 => plausible(random),
                < 0.80 => Pick(random, random.Next(3) == 0 ? Numbers : WrongTypes),
                < 0.90 => Pick(random, Unicode),
                < 0.95 => Long(random),
                _ => Pick(random, NumericStrings),
            };
            Append(text, Json(name), value);
        }

        if (random.NextDouble() < 0.08)
        {
            text.Append(text.Length > 1 ? "," : string.Empty).Append(Oddities[random.Next(Oddities.Length)]);
        }

        return text.Append('}').ToString();
    }

    private static void Append(StringBuilder text, string key, string value) =>
        text.Append(text.Length > 1 ? "," : string.Empty).Append(key).Append(':').Append(value);

    private static string Pick(Random random, string[] pool) => pool[random.Next(pool.Length)];

    private static string Array(Random random, Func<string> item)
    {
        var length = random.Next(5);
        return "[" + string.Join(",", Enumerable.Range(0, length).Select(_ => item())) + "]";
    }
}
