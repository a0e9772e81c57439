using System.Text.Json.Nodes;
using FlagGrains.Contracts;
using FlagGrains.Contracts.Audit;
using FlagGrains.Silo.Apis.Http;

namespace FlagGrains.Silo.Apis.Admin;

/// <summary>Audit history, newest first, paged with an opaque cursor; per environment, per flag, or of admin tokens.</summary>
public static class AuditEndpoints
{
    public static Task<IResult> ReadEnvironmentAsync(string project, string environment, string? flag, long? cursor, int? limit, IGrainFactory grains) =>
        ReadAsync(grains, GrainKeys.Environment(project, environment), flag is null ? null : $"flags/{flag}", cursor, limit);

    public static Task<IResult> ReadAdminAsync(long? cursor, int? limit, IGrainFactory grains) =>
        ReadAsync(grains, GrainKeys.AdminAuditScope, null, cursor, limit);

    private static JsonNode? Json(string? value) => value is null ? null : JsonNode.Parse(value);

    private static async Task<IResult> ReadAsync(IGrainFactory grains, string scope, string? item, long? cursor, int? limit)
    {
        if (limit is < 1 or > 500) return Problems.BadRequest("Invalid limit", "limit must be between 1 and 500.");
        if (cursor is < 0) return Problems.BadRequest("Invalid cursor", "cursor must be a value returned as nextCursor.");

        var page = await grains.GetGrain<IAuditLogGrain>(scope).ReadAsync(cursor, limit ?? 50, item);
        return TypedResults.Ok(new
        {
            entries = page.Entries.Select(e => new
            {
                id = e.EntryId,
                action = e.Action,
                at = e.At,
                actor = new
                {
                    id = e.Actor.ActorId,
                    name = e.Actor.ActorName,
                    onBehalfOf = e.Actor.OnBehalfOfId is { } person ? new { id = person, name = e.Actor.OnBehalfOfName } : null,
                    reason = e.Actor.Reason,
                },
                approval = e.Actor.Approval is { } approval ? Grains.Webhooks.EnvironmentEvents.Approval(approval) : null,
                requestId = e.Actor.RequestId,
                sourceAddress = e.Actor.SourceAddress,
                version = e.Version,
                changes = e.Changes.Select(c => new { item = c.Item, before = Json(c.Before), after = Json(c.After) }),
            }),
            nextCursor = page.NextCursor,
        });
    }
}
