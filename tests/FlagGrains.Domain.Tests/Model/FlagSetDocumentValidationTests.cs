using FlagGrains.Domain.Model;

namespace FlagGrains.Domain.Tests.Model;

/// <summary>Bad documents are rejected with a JSON path naming the flag and a message saying what is wrong.</summary>
public sealed class FlagSetDocumentValidationTests
{
    private const string ValidFlag = """{ "state": "ENABLED", "variants": { "on": true, "off": false }, "defaultVariant": "off" }""";

    [Theory]
    [InlineData("", "$", "not valid JSON")]
    [InlineData("{\"flags\": {", "$", "not valid JSON")]
    [InlineData("[]", "$", "must be a JSON object")]
    [InlineData("{}", "$.flags", "must have a 'flags' object")]
    [InlineData("""{"flags": []}""", "$.flags", "must be an object")]
    [InlineData("""{"flags": {"f": 1}}""", "$.flags.f", "must be an object")]
    [InlineData("""{"flags": {"f": {"variants": {"a": 1}}}}""", "$.flags.f.state", "must have a state")]
    [InlineData("""{"flags": {"f": {"state": "ON", "variants": {"a": 1}}}}""", "$.flags.f.state", "\"ENABLED\" or \"DISABLED\"")]
    [InlineData("""{"flags": {"f": {"state": "ENABLED"}}}""", "$.flags.f.variants", "must have variants")]
    [InlineData("""{"flags": {"f": {"state": "ENABLED", "variants": {}}}}""", "$.flags.f.variants", "at least one variant")]
    [InlineData("""{"flags": {"f": {"state": "ENABLED", "variants": {"a": null}}}}""", "$.flags.f.variants.a", "boolean, string, number or object")]
    [InlineData("""{"flags": {"f": {"state": "ENABLED", "variants": {"a": [1]}}}}""", "$.flags.f.variants.a", "boolean, string, number or object")]
    [InlineData("""{"flags": {"f": {"state": "ENABLED", "variants": {"a": 1, "b": "1"}}}}""", "$.flags.f.variants.b", "one type")]
    [InlineData("""{"flags": {"f": {"state": "ENABLED", "variants": {"a": 9007199254740992}}}}""", "$.flags.f.variants.a", "2^53")]
    [InlineData("""{"flags": {"f": {"state": "ENABLED", "variants": {"a": 1}, "defaultVariant": "b"}}}""", "$.flags.f.defaultVariant", "'b' is not one of its variants (a)")]
    [InlineData("""{"flags": {"f": {"state": "ENABLED", "variants": {"a": 1}, "defaultVariant": 1}}}""", "$.flags.f.defaultVariant", "variant name or null")]
    [InlineData("""{"flags": {"f": {"state": "ENABLED", "variants": {"a": 1}, "targeting": "a"}}}""", "$.flags.f.targeting", "rule object")]
    [InlineData("""{"flags": {"f": {"state": "ENABLED", "variants": {"a": 1}, "metadata": {"x": null}}}}""", "$.flags.f.metadata.x", "string, number or boolean")]
    [InlineData("""{"flags": {}, "metadata": {"flagSetId": 7}}""", "$.metadata.flagSetId", "must be a string")]
    [InlineData("""{"flags": {}, "metadata": []}""", "$.metadata", "must be an object")]
    [InlineData("""{"flags": {}, "$evaluators": {"e": 1}}""", "$.$evaluators.e", "rule object")]
    [InlineData("""{"flags": {"": {"state": "ENABLED", "variants": {"a": 1}}}}""", "$.flags['']", "must not be empty")]
    [InlineData("""{"flags": {"a.b": {"state": "ENABLED", "variants": {"a": 1}, "defaultVariant": "z"}}}""", "$.flags['a.b'].defaultVariant", "not one of its variants")]
    public void Structural_problems_reject_the_document(string json, string path, string message)
    {
        var result = FlagSetDocument.Parse(json);

        Assert.False(result.IsValid);
        Assert.Null(result.Document);
        Assert.Contains(result.Errors, problem => problem.Path == path && problem.Message.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public void Duplicate_keys_are_rejected_wherever_they_occur()
    {
        var result = FlagSetDocument.Parse($$$"""{"flags": {"f": {{{ValidFlag}}}, "f": {{{ValidFlag}}}}}""");
        Assert.Equal([new ValidationProblem("$.flags.f", "Duplicate key 'f'.")], result.Errors);

        var nested = FlagSetDocument.Parse("""{"flags": {"f": {"state": "ENABLED", "variants": {"on": true, "on": false}}}}""");
        Assert.Equal("$.flags.f.variants.on", Assert.Single(nested.Errors).Path);

        var inRule = FlagSetDocument.Parse("""{"flags": {"f": {"state": "ENABLED", "variants": {"on": true}, "targeting": {"if": [{"var": "a", "var": "b"}, "on"]}}}}""");
        Assert.Equal("$.flags.f.targeting.if[0].var", Assert.Single(inRule.Errors).Path);
    }

    [Fact]
    public void Null_input_is_a_problem_not_an_exception()
    {
        var result = FlagSetDocument.Parse(null!);
        Assert.False(result.IsValid);
        Assert.Equal("$", Assert.Single(result.Errors).Path);
    }

    [Theory]
    [InlineData("""{"invalid": [1]}""", "$.flags.f.targeting.invalid", "unknown operator 'invalid'")]
    [InlineData("""{"if": [{"$ref": "nope"}, "on"]}""", "$.flags.f.targeting.if[0].$ref", "$ref 'nope' does not name an evaluator")]
    [InlineData("""{"if": [{"$ref": 5}, "on"]}""", "$.flags.f.targeting.if[0].$ref", "must be the name of an evaluator")]
    [InlineData("""{"fractional": {"var": "x"}}""", "$.flags.f.targeting.fractional", "takes an array")]
    [InlineData("""{"fractional": [{"var": "x"}]}""", "$.flags.f.targeting.fractional", "no buckets")]
    [InlineData("""{"fractional": [["on", 50], "off"]}""", "$.flags.f.targeting.fractional[1]", "[variant] or [variant, weight]")]
    [InlineData("""{"fractional": [["on", 50], ["off", 2.5]]}""", "$.flags.f.targeting.fractional[1][1]", "non-negative integer")]
    [InlineData("""{"fractional": [["on", 2147483647], ["off", 1]]}""", "$.flags.f.targeting.fractional", "sum to more than 2147483647")]
    [InlineData("""{"fractional": [[[1, 2], 1], ["off", 1]]}""", "$.flags.f.targeting.fractional[0][0]", "variant must be a string")]
    [InlineData("""{"fractional": ["constant", ["on", 1], ["off", 1]]}""", "$.flags.f.targeting.fractional[0]", "constant string")]
    [InlineData("""{"sem_ver": ["1.0.0", "=~", "1.0.0"]}""", "$.flags.f.targeting.sem_ver[1]", "not a sem_ver operator")]
    [InlineData("""{"sem_ver": [{"var": "v"}, "=", "1.0.0.0"]}""", "$.flags.f.targeting.sem_ver[2]", "not a semantic version")]
    [InlineData("""{"starts_with": [{"var": "v"}]}""", "$.flags.f.targeting.starts_with", "takes 2 arguments")]
    [InlineData("""{"ends_with": [{"var": "v"}, 3]}""", "$.flags.f.targeting.ends_with[1]", "compares strings")]
    [InlineData("""{"==": [{"var": "$flagd.flagkey"}, "f"]}""", "$.flags.f.targeting['=='][0].var", "not a flagd property")]
    [InlineData("""{"if": [true, "on"], "extra": 1}""", "$.flags.f.targeting", "exactly one operator key")]
    public void Targeting_problems_warn_leniently_and_reject_strictly(string targeting, string path, string message)
    {
        var json = """{"flags": {"f": {"state": "ENABLED", "variants": {"on": true, "off": false}, "defaultVariant": "off", "targeting": """ + targeting + "}}}";

        var lenient = FlagSetDocument.Parse(json);
        var strict = FlagSetDocument.Parse(json, ValidationMode.Strict);

        Assert.True(lenient.IsValid);
        Assert.Contains(lenient.Warnings, problem => problem.Path == path && problem.Message.Contains(message, StringComparison.Ordinal) && problem.Message.StartsWith("Flag 'f': ", StringComparison.Ordinal));
        Assert.False(strict.IsValid);
        Assert.Contains(strict.Errors, problem => problem.Path == path);
    }

    [Fact]
    public void Evaluators_may_not_reference_other_evaluators()
    {
        var json = """
            {
              "flags": {"f": {"state": "ENABLED", "variants": {"on": true}, "targeting": {"if": [{"$ref": "outer"}, "on"]}}},
              "$evaluators": {"outer": {"!": {"$ref": "inner"}}, "inner": {"==": [1, 1]}}
            }
            """;

        var result = FlagSetDocument.Parse(json);

        Assert.True(result.IsValid);
        Assert.Contains(result.Warnings, problem => problem.Path == "$.$evaluators.outer['!'].$ref" && problem.Message.Contains("cannot reference other evaluators", StringComparison.Ordinal));
        Assert.Contains(result.Warnings, problem => problem.Path == "$.flags.f.targeting.if[0].$ref" && problem.Message.Contains("invalid evaluator", StringComparison.Ordinal));
    }

    [Fact]
    public void Unknown_flag_properties_are_flagged_strictly_but_tolerated_leniently()
    {
        var json = """{"flags": {"f": {"state": "ENABLED", "variants": {"on": true}, "defaultvariant": "on"}}}""";

        Assert.Equal("$.flags.f.defaultvariant", Assert.Single(FlagSetDocument.Parse(json).Warnings).Path);
        Assert.False(FlagSetDocument.Parse(json, ValidationMode.Strict).IsValid);
    }

    [Fact]
    public void Accepted_documents_keep_the_verbatim_json_and_flag_order()
    {
        var json = $$"""
            {
              "$schema": "https://flagd.dev/schema/v0/flags.json",
              "flags": { "zeta": {{ValidFlag}}, "alpha": {{ValidFlag}} },
              "metadata": { "flagSetId": "shop", "version": "3" },
              "$evaluators": { "e": { "==": [1, 1] } }
            }
            """;

        var result = FlagSetDocument.Parse(json, ValidationMode.Strict);

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        Assert.Same(json, result.Document!.Json);
        Assert.Equal(["zeta", "alpha"], result.Document.FlagKeys);
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void Null_default_variant_and_null_or_empty_targeting_are_valid()
    {
        var json = """
            {"flags": {
              "a": {"state": "DISABLED", "variants": {"x": 1.5}, "defaultVariant": null},
              "b": {"state": "ENABLED", "variants": {"x": {"k": [1, 2]}}, "targeting": {}},
              "c": {"state": "ENABLED", "variants": {"x": "s"}, "targeting": null}
            }}
            """;

        Assert.True(FlagSetDocument.Parse(json, ValidationMode.Strict).IsValid);
    }

}
