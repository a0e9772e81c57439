using FlagGrains.Contracts;
using FlagGrains.Contracts.Audit;
using FlagGrains.Contracts.Automation;
using FlagGrains.Contracts.Releases;
using FlagGrains.Silo.Apis.Admin;
using FlagGrains.Silo.Apis.Http;

namespace FlagGrains.Silo.Apis.Automation;

/// <summary>Progressive rollouts of one flag, step by step, with guardrails that roll back by themselves.</summary>
public static class ReleaseEndpoints
{
    private const string SignalExample = """{"healthy":false,"source":"canary-checks","reason":"p99 latency doubled"}""";

    public static async Task<IResult> CreateAsync(string project, string environment, HttpContext http, IGrainFactory grains)
    {
        var (document, problem) = await JsonRequest.ReadObjectAsync(http, ReleaseRequest.Example);
        if (problem is not null) return problem;
        using (document)
        {
            var request = new JsonRequest();
            var definition = ReleaseRequest.Parse(document!.RootElement, GrainKeys.Environment(project, environment), request);
            if (definition is null) return AutomationResults.Invalid("Invalid release", request.Problems);

            // In an environment under an approval policy only an admin's override (recorded) may start automation.
            var (creator, refused) = GovernedWrites.Change(http, "it is refused where the environment requires approvals");
            if (refused is not null) return refused;
            var id = GrainKeys.NewReleaseId();
            var result = await grains.GetGrain<IReleaseGrain>(id).CreateAsync(definition, creator);
            return AutomationResults.From(result.Status, result.Problems, result.Message, "Invalid release",
                () => TypedResults.Created($"/admin/v1/projects/{project}/environments/{environment}/releases/{id}", AutomationJson.Release(result.Release!)));
        }
    }

    public static async Task<IResult> ListAsync(string project, string environment, IGrainFactory grains)
    {
        var releases = await grains.GetGrain<IAutomationDirectoryGrain>(GrainKeys.Environment(project, environment)).ListReleasesAsync();
        return TypedResults.Ok(new { releases = releases.Select(AutomationJson.Summary) });
    }

    public static async Task<IResult> GetAsync(string project, string environment, string releaseId, IGrainFactory grains) =>
        await FindAsync(project, environment, releaseId, grains) is { } release
            ? TypedResults.Ok(AutomationJson.Release(release))
            : NotFound(project, environment, releaseId);

    public static Task<IResult> PauseAsync(string project, string environment, string releaseId, HttpContext http, IGrainFactory grains) =>
        CommandAsync(project, environment, releaseId, grains, release => release.PauseAsync(ChangeContexts.From(http)));

    public static Task<IResult> ResumeAsync(string project, string environment, string releaseId, HttpContext http, IGrainFactory grains) =>
        CommandAsync(project, environment, releaseId, grains, release => release.ResumeAsync(ChangeContexts.From(http)));

    public static Task<IResult> RollbackAsync(string project, string environment, string releaseId, HttpContext http, IGrainFactory grains) =>
        CommandAsync(project, environment, releaseId, grains, release => release.RollbackAsync(ChangeContexts.From(http)));

    public static async Task<IResult> SignalAsync(string project, string environment, string releaseId, HttpContext http, IGrainFactory grains)
    {
        var (document, problem) = await JsonRequest.ReadObjectAsync(http, SignalExample);
        if (problem is not null) return problem;
        using (document)
        {
            var body = document!.RootElement;
            var request = new JsonRequest();
            request.RejectUnknown(body, "$", "healthy", "source", "reason");
            var healthy = request.Boolean(body, "$", "healthy", required: true);
            var source = request.String(body, "$", "source", required: true);
            var reason = request.String(body, "$", "reason", required: false);
            if (request.Problems.Count > 0) return AutomationResults.Invalid("Invalid signal", request.Problems);

            var signal = new ReleaseSignal(healthy!.Value, Trim(source!), reason is null ? null : Trim(reason), ChangeContexts.From(http));
            return await CommandAsync(project, environment, releaseId, grains, release => release.SignalAsync(signal));
        }
    }

    /// <summary>Signals arrive from other systems: a bounded length keeps a chatty sender from bloating the history.</summary>
    internal static string Trim(string text) => text.Length <= 500 ? text : text[..500] + "…";

    private static async Task<IResult> CommandAsync(string project, string environment, string releaseId, IGrainFactory grains, Func<IReleaseGrain, Task<ReleaseCommandResult>> command)
    {
        if (await FindAsync(project, environment, releaseId, grains) is null) return NotFound(project, environment, releaseId);
        var result = await command(grains.GetGrain<IReleaseGrain>(releaseId));
        return AutomationResults.From(result.Status, result.Problems, result.Message, "Invalid request", () => TypedResults.Ok(AutomationJson.Release(result.Release!)));
    }

    /// <summary>The release when it exists and belongs to this environment; ids that cannot be release ids activate nothing.</summary>
    private static async Task<ReleaseView?> FindAsync(string project, string environment, string releaseId, IGrainFactory grains)
    {
        if (!GrainKeys.IsReleaseId(releaseId)) return null;
        var release = await grains.GetGrain<IReleaseGrain>(releaseId).GetAsync();
        return release?.Definition.EnvironmentKey == GrainKeys.Environment(project, environment) ? release : null;
    }

    private static IResult NotFound(string project, string environment, string releaseId) =>
        Problems.NotFound($"There is no release '{releaseId}' in '{project}/{environment}'.");
}
