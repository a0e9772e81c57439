using FlagGrains.Contracts;
using FlagGrains.Contracts.Automation;
using FlagGrains.Contracts.Schedules;
using FlagGrains.Silo.Apis.Admin;
using FlagGrains.Silo.Apis.Http;

namespace FlagGrains.Silo.Apis.Automation;

/// <summary>Flag changes that happen by themselves at a given time.</summary>
public static class ScheduledChangeEndpoints
{
    public static async Task<IResult> CreateAsync(string project, string environment, HttpContext http, IGrainFactory grains)
    {
        var (document, problem) = await JsonRequest.ReadObjectAsync(http, ScheduledChangeRequest.Example);
        if (problem is not null) return problem;
        using (document)
        {
            var request = new JsonRequest();
            var definition = ScheduledChangeRequest.Parse(document!.RootElement, GrainKeys.Environment(project, environment), request);
            if (definition is null) return AutomationResults.Invalid("Invalid scheduled change", request.Problems);

            // In an environment under an approval policy only an admin's override (recorded) may start automation.
            var (creator, refused) = GovernedWrites.Change(http, "it is refused where the environment requires approvals");
            if (refused is not null) return refused;
            var id = GrainKeys.NewScheduledChangeId();
            var result = await grains.GetGrain<IScheduledChangeGrain>(id).CreateAsync(definition, creator);
            return AutomationResults.From(result.Status, result.Problems, result.Message, "Invalid scheduled change",
                () => TypedResults.Created($"/admin/v1/projects/{project}/environments/{environment}/scheduled-changes/{id}", AutomationJson.ScheduledChange(result.Change!)));
        }
    }

    public static async Task<IResult> ListAsync(string project, string environment, string? flag, IGrainFactory grains)
    {
        var changes = await grains.GetGrain<IAutomationDirectoryGrain>(GrainKeys.Environment(project, environment)).ListScheduledChangesAsync();
        return TypedResults.Ok(new { scheduledChanges = changes.Where(c => flag is null || c.Flags.Contains(flag)).Select(AutomationJson.Summary) });
    }

    public static async Task<IResult> GetAsync(string project, string environment, string changeId, IGrainFactory grains) =>
        await FindAsync(project, environment, changeId, grains) is { } change
            ? TypedResults.Ok(AutomationJson.ScheduledChange(change))
            : NotFound(project, environment, changeId);

    public static async Task<IResult> CancelAsync(string project, string environment, string changeId, HttpContext http, IGrainFactory grains)
    {
        if (await FindAsync(project, environment, changeId, grains) is null) return NotFound(project, environment, changeId);
        var result = await grains.GetGrain<IScheduledChangeGrain>(changeId).CancelAsync(ChangeContexts.From(http));
        return AutomationResults.From(result.Status, result.Problems, result.Message, "Invalid request", () => TypedResults.NoContent());
    }

    private static async Task<ScheduledChangeView?> FindAsync(string project, string environment, string changeId, IGrainFactory grains)
    {
        if (!GrainKeys.IsScheduledChangeId(changeId)) return null;
        var change = await grains.GetGrain<IScheduledChangeGrain>(changeId).GetAsync();
        return change?.Definition.EnvironmentKey == GrainKeys.Environment(project, environment) ? change : null;
    }

    private static IResult NotFound(string project, string environment, string changeId) =>
        Problems.NotFound($"There is no scheduled change '{changeId}' in '{project}/{environment}'.");
}
