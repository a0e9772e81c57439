using FlagGrains.Contracts;
using FlagGrains.Contracts.Audit;
using FlagGrains.Contracts.Environments;
using FlagGrains.Contracts.Governance;

namespace FlagGrains.AdminConsole.Workspace;

/// <summary>
/// A console write the environment's approval policy held back becomes a change request, exactly as on the admin API;
/// the outcome tells the page which request to link to.
/// </summary>
public static class ChangeRequestOutcomes
{
    public static async Task<SaveOutcome> OpenAsync(IGrainFactory grains, string project, string environment, ProposedWrite write, ChangeContext author, string what)
    {
        var opened = await grains.GetGrain<IChangeRequestsGrain>(GrainKeys.Environment(project, environment)).OpenAsync(write, author);
        return opened.Status switch
        {
            OpenChangeRequestStatus.Opened => new SaveOutcome(SaveStatus.AwaitingApproval,
                $"{what}: change request #{opened.Request!.Id} opened. It takes effect once {Approvals(opened.Request.RequiredApprovals)} approve it.",
                [], Version: opened.Version, ChangeRequestId: opened.Request.Id),
            OpenChangeRequestStatus.NoChange => new SaveOutcome(SaveStatus.Stored, "Nothing to change.", [], Version: opened.Version),
            OpenChangeRequestStatus.TooManyOpen => new SaveOutcome(SaveStatus.Invalid, "Too many change requests are open in this environment; review some first.", []),
            OpenChangeRequestStatus.VersionConflict => SaveOutcome.From(new FlagSetWriteResult(FlagSetWriteStatus.VersionConflict, opened.Version, []), null, what),
            OpenChangeRequestStatus.NotFound => SaveOutcome.From(new FlagSetWriteResult(FlagSetWriteStatus.NotFound, opened.Version, []), null, what),
            _ => SaveOutcome.From(new FlagSetWriteResult(FlagSetWriteStatus.Invalid, opened.Version, opened.Problems), null, what),
        };
    }

    private static string Approvals(int required) => required == 1 ? "another token" : $"{required} other tokens";
}
