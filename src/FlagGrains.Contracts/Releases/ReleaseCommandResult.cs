using FlagGrains.Contracts.Environments;

namespace FlagGrains.Contracts.Releases;

[GenerateSerializer, Alias("FlagGrains.AutomationCommandStatus")]
public enum AutomationCommandStatus
{
    Done = 0,

    /// <summary>The request is wrong; <see cref="ReleaseCommandResult.Problems"/> name the fields.</summary>
    Invalid = 1,

    /// <summary>The request is fine but the state forbids it (a second release of a flag, resuming a finished release).</summary>
    Conflict = 2,

    NotFound = 3,

    /// <summary>
    /// The environment requires approvals for flag changes and the automation would apply changes without them; only an
    /// admin's recorded override creates it there.
    /// </summary>
    ApprovalRequired = 4,
}

/// <summary>Outcome of a command on a release: the release afterwards, or why nothing changed.</summary>
[GenerateSerializer, Immutable, Alias("FlagGrains.ReleaseCommandResult")]
public sealed record ReleaseCommandResult(
    [property: Id(0)] AutomationCommandStatus Status,
    [property: Id(1)] ReleaseView? Release,
    [property: Id(2)] IReadOnlyList<FlagSetProblem> Problems,
    [property: Id(3)] string? Message)
{
    public static ReleaseCommandResult Done(ReleaseView release) => new(AutomationCommandStatus.Done, release, [], null);

    public static ReleaseCommandResult Invalid(IReadOnlyList<FlagSetProblem> problems) => new(AutomationCommandStatus.Invalid, null, problems, null);

    public static ReleaseCommandResult Conflict(string message, ReleaseView? release = null) => new(AutomationCommandStatus.Conflict, release, [], message);

    public static ReleaseCommandResult NotFound(string message) => new(AutomationCommandStatus.NotFound, null, [], message);

    public static ReleaseCommandResult ApprovalRequired(string message) => new(AutomationCommandStatus.ApprovalRequired, null, [], message);
}

/// <summary>
/// An external verdict on a release (an alert, a canary check). Unhealthy rolls an active release back at once;
/// healthy is recorded only. <see cref="Source"/> names the sender, <see cref="By"/> the token that delivered it.
/// </summary>
[GenerateSerializer, Immutable, Alias("FlagGrains.ReleaseSignal")]
public sealed record ReleaseSignal(
    [property: Id(0)] bool Healthy,
    [property: Id(1)] string Source,
    [property: Id(2)] string? Reason,
    [property: Id(3)] Audit.ChangeContext By);
