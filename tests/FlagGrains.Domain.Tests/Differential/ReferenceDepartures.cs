namespace FlagGrains.Domain.Tests.Differential;

/// <summary>
/// Where @openfeature/flagd-core 4.x departs from flagd's specification, its Go implementation or
/// JsonLogic's reference implementation, all of which the engine follows (with the test bed and tests.json).
/// tests/differential-node undoes each departure in a corrected reference instance and reports which ones
/// an evaluation went through; a difference is excluded only when undoing exactly those makes the
/// reference agree with the engine. A name the Node side reports but this table lacks is never excluded.
/// </summary>
internal static class ReferenceDepartures
{
    public static readonly IReadOnlyDictionary<string, string> Reasons = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["utf16-hash"] =
            "fractional: flagd-core hashes the bucketing string's UTF-16 code units (imurmurhash); flagd hashes its UTF-8 bytes " +
            "(fractional spec, high-precision ADR, Go's murmur3.StringSum32)",
        ["null-bucketing-key"] =
            "fractional: a bucketing expression yielding null must fall back to flagKey + targetingKey (spec flow chart; Go drops " +
            "the null); flagd-core keeps the null as a bucket, fails to parse the buckets and yields null",
        ["non-string-targeting-key"] =
            "fractional: flagd buckets on the targeting key only when it is a string (OpenFeature targeting key; Go asserts string); " +
            "flagd-core stringifies any truthy value (42 → \"42\")",
        ["semver-array-input"] =
            "sem_ver: flagd-core reads String(value), so [\"1.2.3\"] and [[1]] are versions; flagd (Go) needs a string or number",
        ["semver-whitespace"] = "sem_ver: node-semver trims \" 1.2.3 \"; Go's x/mod/semver rejects it",
        ["semver-double-v-prefix"] = "sem_ver: flagd-core strips one v and node-semver allows a second (\"vv1.2.3\"); Go rejects it",
        ["semver-unsafe-integer"] = "sem_ver: node-semver rejects numbers above 2^53-1; Go compares version numbers of any size",
        ["object-targeting-result"] =
            "targeting returned an array or object: flagd's spec makes that an error, flagd-core uses its toString() as the variant " +
            "name ([\"red\"] selects \"red\", {} looks up \"[object Object]\")",
        ["proto-context-key"] =
            "context: a \"__proto__\" key survives JSON.parse but flagd-core's Object.assign turns it into the prototype, leaking " +
            "its contents in as attributes; flagd treats it as an ordinary key",
        ["unpaired-surrogate"] =
            "context: an escaped surrogate without its partner (\"\\ud800\") stays in a JavaScript string; flagd (Go's encoding/json) " +
            "and the engine read it as U+FFFD",
        ["jsonlogic-engine"] =
            "JsonLogic: flagd-core runs json-logic-engine 5, which departs from JsonLogic's reference implementation (json-logic-js, " +
            "the source of tests.json) where tests.json is silent: NaN coercions throw (==, <, > between numbers and non-numeric " +
            "strings or arrays → GENERAL), min/max of non-numbers throw, cat renders a missing var as \"null\", + and * read null " +
            "as 0, all of a non-array is true",
    };

    /// <summary>The reason for a set of departures taken together, or null when one of them is not known here.</summary>
    public static string? Describe(IReadOnlyList<string> taken) =>
        taken.Count > 0 && taken.All(Reasons.ContainsKey) ? string.Join(" + ", taken.Order(StringComparer.Ordinal)) : null;
}
