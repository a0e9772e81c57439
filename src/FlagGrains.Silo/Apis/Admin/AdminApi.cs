using FlagGrains.Contracts.Access;
using FlagGrains.Silo.Apis.Analytics;
using FlagGrains.Silo.Apis.Automation;

namespace FlagGrains.Silo.Apis.Admin;

/// <summary>
/// <c>/admin/v1</c>: projects, environments, flags, keys, tokens, audit, releases and scheduled changes, for admin tokens.
/// Roles: viewer reads, editor changes flags, admin also manages keys, environments and tokens.
/// </summary>
public static class AdminApi
{
    /// <summary>Flag documents are small (kB to a few MB); anything larger is a mistake or an attack.</summary>
    public const int MaxDocumentBytes = 4 * 1024 * 1024;

    public static void MapAdminApi(this IEndpointRouteBuilder routes)
    {
        var admin = routes.MapGroup("/admin/v1").WithTags("Admin");
        admin.MapGet("/projects", CatalogEndpoints.ListAsync).RequireAdminRole(AdminRole.Viewer);
        admin.MapGet("/audit", AuditEndpoints.ReadAdminAsync).RequireAdminRole(AdminRole.Admin);
        admin.MapGet("/tokens", TokenEndpoints.ListAsync).RequireAdminRole(AdminRole.Admin);
        admin.MapPost("/tokens", TokenEndpoints.CreateAsync).RequireAdminRole(AdminRole.Admin);
        admin.MapPatch("/tokens/{tokenId}", TokenEndpoints.ChangeRoleAsync).RequireAdminRole(AdminRole.Admin);
        admin.MapDelete("/tokens/{tokenId}", TokenEndpoints.RevokeAsync).RequireAdminRole(AdminRole.Admin);
        admin.MapPost("/alertmanager", AlertmanagerEndpoints.ReceiveAsync).RequireAdminRole(AdminRole.Editor);

        var environment = admin.MapGroup("/projects/{project}/environments/{environment}")
            .AddEndpointFilter<EnvironmentRouteFilter>();
        environment.MapDelete("", CatalogEndpoints.DeleteEnvironmentAsync).RequireAdminRole(AdminRole.Admin);
        environment.MapGet("/flags", FlagSetEndpoints.GetAsync).RequireAdminRole(AdminRole.Viewer);
        environment.MapPut("/flags", FlagSetEndpoints.PutAsync).RequireAdminRole(AdminRole.Editor);
        environment.MapGet("/flags/{flagKey}", FlagEndpoints.GetAsync).RequireAdminRole(AdminRole.Viewer);
        environment.MapPut("/flags/{flagKey}", FlagEndpoints.PutAsync).RequireAdminRole(AdminRole.Editor);
        environment.MapDelete("/flags/{flagKey}", FlagEndpoints.DeleteAsync).RequireAdminRole(AdminRole.Editor);
        environment.MapGet("/keys", KeyEndpoints.ListAsync).RequireAdminRole(AdminRole.Viewer);
        environment.MapPost("/keys", KeyEndpoints.CreateAsync).RequireAdminRole(AdminRole.Admin);
        environment.MapDelete("/keys/{keyId}", KeyEndpoints.RevokeAsync).RequireAdminRole(AdminRole.Admin);
        environment.MapGet("/audit", AuditEndpoints.ReadEnvironmentAsync).RequireAdminRole(AdminRole.Viewer);
        environment.MapGet("/usage", UsageEndpoints.ReadAsync).RequireAdminRole(AdminRole.Viewer);
        environment.MapGet("/usage/stale", UsageEndpoints.StaleAsync).RequireAdminRole(AdminRole.Viewer);
        environment.MapGet("/scheduled-changes", ScheduledChangeEndpoints.ListAsync).RequireAdminRole(AdminRole.Viewer);
        environment.MapPost("/scheduled-changes", ScheduledChangeEndpoints.CreateAsync).RequireAdminRole(AdminRole.Editor);
        environment.MapGet("/scheduled-changes/{changeId}", ScheduledChangeEndpoints.GetAsync).RequireAdminRole(AdminRole.Viewer);
        environment.MapDelete("/scheduled-changes/{changeId}", ScheduledChangeEndpoints.CancelAsync).RequireAdminRole(AdminRole.Editor);
        environment.MapGet("/releases", ReleaseEndpoints.ListAsync).RequireAdminRole(AdminRole.Viewer);
        environment.MapPost("/releases", ReleaseEndpoints.CreateAsync).RequireAdminRole(AdminRole.Editor);
        environment.MapGet("/releases/{releaseId}", ReleaseEndpoints.GetAsync).RequireAdminRole(AdminRole.Viewer);
        environment.MapPost("/releases/{releaseId}/pause", ReleaseEndpoints.PauseAsync).RequireAdminRole(AdminRole.Editor);
        environment.MapPost("/releases/{releaseId}/resume", ReleaseEndpoints.ResumeAsync).RequireAdminRole(AdminRole.Editor);
        environment.MapPost("/releases/{releaseId}/rollback", ReleaseEndpoints.RollbackAsync).RequireAdminRole(AdminRole.Editor);
        environment.MapPost("/releases/{releaseId}/signals", ReleaseEndpoints.SignalAsync).RequireAdminRole(AdminRole.Editor);

        // Governance: approval policy and change requests, flag lifecycle, webhooks.
        environment.MapChangeRequestApi();
        environment.MapLifecycleApi();
        admin.MapWebhookApi();
    }
}
