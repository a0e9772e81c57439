using FlagGrains.Contracts.Releases;

namespace FlagGrains.AdminConsole.Workspace;

/// <summary>
/// The console's "new release" form. It only shapes what was typed into a definition; the release grain judges it
/// (the same checks as the admin API), so a refused draft shows the grain's own reasons.
/// </summary>
public sealed class ReleaseDraft
{
    public string Flag { get; set; } = "";

    public string Variant { get; set; } = "";

    public string Baseline { get; set; } = "";

    public List<StepDraft> Steps { get; set; } =
    [
        new() { Percent = 5, HoldAmount = 1, HoldUnit = HoldUnit.Hours },
        new() { Percent = 25, HoldAmount = 1, HoldUnit = HoldUnit.Hours },
        new() { Percent = 50, HoldAmount = 1, HoldUnit = HoldUnit.Hours },
        new() { Percent = 100 },
    ];

    public bool StartLater { get; set; }

    /// <summary>Read as UTC: the console says so next to the field.</summary>
    public DateTime StartAtUtc { get; set; } = NextWholeHour(DateTime.UtcNow);

    public bool Guarded { get; set; } = true;

    public double MaxErrorRatePercent { get; set; } = 2;

    public long MinEvaluations { get; set; } = 200;

    private static DateTime NextWholeHour(DateTime now) => new DateTime(now.Year, now.Month, now.Day, now.Hour, 0, 0, DateTimeKind.Utc).AddHours(1);

    public ReleaseDefinition ToDefinition(string environmentKey) => new(
        environmentKey,
        Flag,
        Variant,
        Baseline,
        Steps.Select(s => new ReleaseStep(s.Percent, s.Hold)).ToList(),
        StartLater ? new DateTimeOffset(DateTime.SpecifyKind(StartAtUtc, DateTimeKind.Utc)) : null,
        Guarded ? new ReleaseGuardrails(MaxErrorRatePercent / 100, MinEvaluations) : null);
}

public enum HoldUnit
{
    Seconds,
    Minutes,
    Hours,
    Days,
}

/// <summary>One step of the form: a percentage, and an optional hold as an amount and a unit.</summary>
public sealed class StepDraft
{
    public int Percent { get; set; }

    public int? HoldAmount { get; set; }

    public HoldUnit HoldUnit { get; set; } = HoldUnit.Minutes;

    public TimeSpan? Hold => HoldAmount is not { } amount || amount <= 0
        ? null
        : HoldUnit switch
        {
            HoldUnit.Seconds => TimeSpan.FromSeconds(amount),
            HoldUnit.Minutes => TimeSpan.FromMinutes(amount),
            HoldUnit.Hours => TimeSpan.FromHours(amount),
            _ => TimeSpan.FromDays(amount),
        };
}
