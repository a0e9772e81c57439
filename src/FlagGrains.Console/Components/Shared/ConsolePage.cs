using FlagGrains.AdminConsole.Access;
using FlagGrains.AdminConsole.Workspace;
using Microsoft.AspNetCore.Components;

namespace FlagGrains.AdminConsole.Components.Shared;

/// <summary>
/// Base of the console's pages: the signed-in user for deciding what to show, and one way to run an action so a
/// refusal by the server (revoked token, missing role) or a failure becomes a message instead of a broken circuit.
/// </summary>
public abstract class ConsolePage : ComponentBase
{
    [Inject]
    protected EnvironmentWorkspace Workspace { get; set; } = default!;

    [Inject]
    protected ConsoleGuard Guard { get; set; } = default!;

    [Inject]
    protected NavigationManager Navigation { get; set; } = default!;

    protected ConsoleUser? User { get; private set; }

    protected string? Error { get; set; }

    protected bool Busy { get; private set; }

    protected bool CanEdit => User?.CanEdit == true;

    protected bool IsAdmin => User?.IsAdmin == true;

    protected override async Task OnInitializedAsync() => User = await Guard.CurrentAsync();

    /// <summary>Route parameters are set on first render and on navigation to another environment or flag.</summary>
    protected override async Task OnParametersSetAsync() => await RunAsync(LoadAsync);

    /// <summary>Reads what the page shows; called once the user is known and whenever the route changes.</summary>
    protected virtual Task LoadAsync() => Task.CompletedTask;

    /// <summary>Runs an action; returns false when it was refused or failed (the reason is in <see cref="Error"/>).</summary>
    protected async Task<bool> RunAsync(Func<Task> action)
    {
        Error = null;
        Busy = true;
        try
        {
            await action();
            return true;
        }
        catch (ConsoleAccessDeniedException denied)
        {
            Error = denied.Message;
            if (denied.SessionEnded) Navigation.NavigateTo("/console/signin", forceLoad: true);
            return false;
        }
        catch (Exception exception) when (exception is TimeoutException or Orleans.Runtime.OrleansException or InvalidOperationException)
        {
            // The change may have been stored before the answer was lost (docs/consistency.md, "Ambiguous failures").
            Error = "The cluster did not answer, so the change is not known to be stored. Reload to see whether it was, then try again.";
            return false;
        }
        finally
        {
            Busy = false;
        }
    }

    protected static string EnvironmentPath(string project, string environment) =>
        $"/console/projects/{Uri.EscapeDataString(project)}/environments/{Uri.EscapeDataString(environment)}";
}
