using System.Text.Json;
using FlagGrains.Contracts.Releases;

namespace FlagGrains.Silo.Apis.Automation;

/// <summary>The body of <c>POST …/releases</c>: shapes and types here; the release grain checks the plan and the flag.</summary>
internal static class ReleaseRequest
{
    public const string Example =
        """{"flag":"new-checkout","variant":"on","baseline":"off","steps":[{"percent":5,"hold":"PT10M"},{"percent":25,"hold":"PT1H"},{"percent":100}],"guardrails":{"maxErrorRate":0.02,"minEvaluations":200}}""";

    /// <summary>Judged once a step has this many evaluations when the request names no <c>minEvaluations</c>.</summary>
    public const long DefaultMinEvaluations = 100;

    public static ReleaseDefinition? Parse(JsonElement body, string environmentKey, JsonRequest request)
    {
        const string root = "$";
        request.RejectUnknown(body, root, "flag", "variant", "baseline", "steps", "startAt", "guardrails");
        var flag = request.String(body, root, "flag", required: true);
        var variant = request.String(body, root, "variant", required: true);
        var baseline = request.String(body, root, "baseline", required: true);
        var startAt = request.Time(body, root, "startAt", required: false);

        var steps = new List<ReleaseStep>();
        if (request.Array(body, root, "steps", required: true) is { } array)
        {
            var index = 0;
            foreach (var element in array.EnumerateArray())
            {
                var path = JsonRequest.Index("$.steps", index++);
                if (element.ValueKind != JsonValueKind.Object)
                {
                    request.Add(path, "A step is an object such as {\"percent\": 5, \"hold\": \"PT10M\"}.");
                    continue;
                }

                request.RejectUnknown(element, path, "percent", "hold");
                var percent = request.WholeNumber(element, path, "percent", required: true);
                var hold = request.Duration(element, path, "hold", required: false);
                if (percent is { } p) steps.Add(new ReleaseStep(p, hold));
            }
        }

        ReleaseGuardrails? guardrails = null;
        if (request.Object(body, root, "guardrails", required: false) is { } limits)
        {
            const string path = "$.guardrails";
            request.RejectUnknown(limits, path, "maxErrorRate", "minEvaluations");
            var rate = request.Number(limits, path, "maxErrorRate", required: true);
            var minimum = request.LongNumber(limits, path, "minEvaluations", required: false) ?? DefaultMinEvaluations;
            if (rate is { } r) guardrails = new ReleaseGuardrails(r, minimum);
        }

        return request.Problems.Count > 0 ? null : new ReleaseDefinition(environmentKey, flag!, variant!, baseline!, steps, startAt, guardrails);
    }
}
