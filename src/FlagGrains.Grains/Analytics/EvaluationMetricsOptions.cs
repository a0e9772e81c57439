namespace FlagGrains.Grains.Analytics;

/// <summary>Bound from <c>FlagGrains:Telemetry</c>: how many series the evaluation counter may create.</summary>
public sealed class EvaluationMetricsOptions
{
    public const string Section = "FlagGrains:Telemetry";

    /// <summary>Tag value standing for every flag past <see cref="MaxFlagSeriesPerEnvironment"/>.</summary>
    public const string OtherFlag = "_other";

    /// <summary>
    /// Distinct flag tags per environment on <c>flaggrains.evaluations</c>; flags seen after the limit is reached are
    /// counted under <see cref="OtherFlag"/>. Series per environment stay below this × 8 variants × 5 reasons.
    /// </summary>
    public int MaxFlagSeriesPerEnvironment { get; set; } = 100;
}
