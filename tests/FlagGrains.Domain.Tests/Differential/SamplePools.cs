using System.Text;
using System.Text.Json;

namespace FlagGrains.Domain.Tests.Differential;

/// <summary>
/// Attribute values for generated contexts, as raw JSON text so that both engines parse exactly the same
/// bytes (including forms a serializer would never emit: -0, 1e21, integers beyond 2^53, lone surrogates).
/// </summary>
internal static class SamplePools
{
    /// <summary>2026-01-01T00:00:00.123Z: the instant both engines evaluate at ($flagd.timestamp = 1767225600).</summary>
    public const long NowMillis = 1_767_225_600_123;

    public static readonly string[] Words = Strings(
        "jack", "queen", "ten", "nine", "seven", "eight", "two", "3", "gold", "silver", "bronze", "platinum", "premium",
        "basic", "standard", "red", "green", "blue", "yellow", "pro", "team", "free", "NL", "DE", "BE", "US", "FR", "ios",
        "android", "web", "beta", "blocked", "x", "true", "false", "null", "1", "m", "zz", "Jack", "GOLD");

    public static readonly string[] Emails = Strings(
        "jon@company.com", "jane@company.com", "admin@example.com", "user@example.com", "ballmer@macrosoft.com",
        "test@faas.com", "x@y", "@example.com", "ADMIN@EXAMPLE.COM", "admin+tag@example.com", "adminexample.com",
        "jöns@exämple.com", "名前@例え.jp", "admin@example.com.evil", " admin@example.com");

    public static readonly string[] Unicode = Strings(
        "jöhn", "José", "josé", "Zoë", "日本語", "😀", "👩‍💻", "e\u0301", "\u00e9", "Ω", "ñ", "עברית", "\u200b", "tab\tnew\nline",
        "quote\"s", "back\\slash", "nul\u0000byte", "ǅ", "ß", "İ", "\ufeffbom", "a\u0301\u0302\u0303")
        .Concat([
            "\"lone \\ud800 high\"", "\"lone \\udc00 low\"", "\"reversed \\udc00\\ud800 pair\"",
        ]).ToArray();

    public static readonly string[] NumericStrings = Strings(
        "42", "3.14", "-0", "0", "1e3", "  7  ", "0x1A", "", "Infinity", "-Infinity", "NaN", "10", "25", "50", "100", "007",
        "1,000", "1767225600", "+5", ".5", "5.", "0b11", "１２");

    public static readonly string[] Numbers =
    [
        "0", "-0", "1", "2", "3", "5", "6", "10", "17", "18", "20", "25", "30", "50", "64", "65", "99", "100", "101", "-1",
        "-10", "0.5", "1.5", "2.5", "3.14159", "1e21", "1e-7", "9007199254740993", "12345678901234567890", "1.7976931348623157e308",
        "-1e308", "0.1", "1.0", "10.0", "123456.789",
    ];

    public static readonly string[] SemanticVersions = Strings(
        "1.2.3", "1.2.3-alpha", "1.2.3-alpha.10", "1.2.3-alpha.9", "1.2.3-alpha.beta", "1.2.3-rc.1", "2.0.0-rc.1", "2.0.0-rc.2",
        "2.0.0", "2.0.1", "2.1.0", "1.10.0", "1.9.9", "1.2.3+build.5", "1.2.3-beta+exp.sha.5114f85", "v1.2.3", "V1.2.3", "vv1.2.3",
        "1", "1.2", "2", "1.0", "v2", "v1.2", "1.2.3.4", "01.2.3", "1.02.3", "1.2.03", "1.02", "01", "1.2.3-01", "1.2.3-", "1.2.3+",
        " 1.2.3", "1.2.3 ", "=1.2.3", "~1.2.3", "^1.2.3", "1.x", "*", "latest", "", "99999999999999999999.0.0",
        "1.2.3-alpha..1", "1.2.3-a.b.c.d.e", "1.2.3-0", "1.2.3-0a", "1.2-beta", "1-rc", "v", "1..2", "-1.2.3", "1.2.-3",
        "１.２.３", "0.0.0", "0.0.1-0", "2.0.0+build", "3.0.1", "3.1.0", "4.0.0", "1.0.0+other", "2.0.0.0", "not-a-version",
        "1.2.3-ALPHA", "1.2.3-alpha-1", "1.2.3-α", "1.2.3+build..1", "1.2.3+ß")
        .Concat(["1", "1.2", "2", "1.1", "10", "0", "-1", "1e3", "2.5"]).ToArray();

    public static readonly string[] SemVerOperators = Strings("=", "!=", "<", "<=", ">", ">=", "^", "~", "==", "", "lt", " >")
        .Concat(["null", "1", "true"]).ToArray();

    /// <summary>Seconds around the evaluation instant, milliseconds, fractions either side of it, ISO text.</summary>
    public static readonly string[] Timestamps =
    [
        "1767225600", "1767225599", "1767225601", "1767225599.9", "1767225600.5", "1767225540", "1767312000", "1767139200",
        "1767225600123", "0", "-1", "\"1767225600\"", "\"1767225599\"", "\"2026-01-01T00:00:00Z\"", "1767225600.0000001",
    ];

    public static readonly string[] WrongTypes =
    [
        "true", "false", "null", "[]", "[1,2]", "[\"a\",\"b\"]", "[[1]]", "{}", "{\"a\":1}", "{\"name\":\"jack\"}", "[\"red\"]",
        "[\"gold\"]", "[null]", "[true]", "{\"0\":\"a\"}", "[\"beta\",\"x\"]",
    ];

    public static readonly string[] BucketKeys = Strings(
        "jon@company.com", "jane@company.com", "some-targeting-key", "user1", "ejOoVL", "bY9fO-", "SI7p-", "6LvT0", "ceQdGm",
        "5c3d8535-f81a-4478-a6d3-afaa4d51199e", "user-0", "user-7", "user-42", "user-99", "user-100", "user-149", "user-150", "a", "");

    public static string Json(string text) => JsonSerializer.Serialize(text);

    /// <summary>A long string: ASCII, or with multi-byte and astral characters mixed in.</summary>
    public static string Long(Random random)
    {
        var length = random.Next(3) switch { 0 => 1_000, 1 => 5_000, _ => 20_000 };
        var unit = random.Next(3) switch { 0 => "abcdefghij", 1 => "é日😀-", _ => "user-1234@example.com/" };
        var text = new StringBuilder(length + unit.Length);
        while (text.Length < length)
        {
            text.Append(unit);
        }

        return Json(text.ToString());
    }

    private static string[] Strings(params string[] texts) => Array.ConvertAll(texts, Json);
}
