using System.Text.RegularExpressions;
using FlagGrains.Contracts.Environments;
using FlagGrains.Contracts.Releases;

namespace FlagGrains.AdminConsole.Workspace;

/// <summary>How the console words releases: statuses as the API spells them, problems with the field in words.</summary>
public static partial class ReleaseText
{
    public static string Status(ReleaseStatus status) => status == ReleaseStatus.RolledBack ? "rolled-back" : status.ToString().ToLowerInvariant();

    /// <summary><c>$.steps[1].percent: …</c> becomes "Step 2, percent: …"; other fields are named as they are.</summary>
    public static string Describe(FlagSetProblem problem)
    {
        var step = StepPath().Match(problem.Path);
        var field = step.Success
            ? $"Step {int.Parse(step.Groups["index"].Value, System.Globalization.CultureInfo.InvariantCulture) + 1}{(step.Groups["field"].Success ? ", " + step.Groups["field"].Value : "")}"
            : problem.Path.TrimStart('$', '.');
        return $"{field}: {problem.Message}";
    }

    [GeneratedRegex(@"^\$\.steps\[(?<index>\d+)\](?:\.(?<field>\w+))?$", RegexOptions.CultureInvariant)]
    private static partial Regex StepPath();
}
